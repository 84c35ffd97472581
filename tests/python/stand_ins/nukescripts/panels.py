"""Stand-in for nukescripts.panels (tests only). As in Nuke, the widget argument of
registerWidgetAsPanel is code: the panel's knob evaluates "WidgetKnob(<widget>)" and calls the
result when the panel is shown; the widget it returns goes into a tab of the pane."""
import dcc_stand_in as s


class WidgetKnob:
    def __init__(self, widget):
        self.widgetClass = widget

    def makeUI(self):
        self.widget = self.widgetClass()
        return self.widget


class PythonPanel:
    def __init__(self, widget, name, panel_id):
        self.widget_code, self.name, self.panel_id = widget, name, panel_id
        self.page = None

    def addToPane(self, pane=None):
        s.record("nukescripts.PythonPanel.addToPane", pane.name if pane else None)
        knob = eval("__import__('nukescripts').panels.WidgetKnob(" + self.widget_code + ")", {})
        self.page = s.new_tab(self.name)
        self.page.layout().addWidget(knob.makeUI())
        return self

    def isValid(self):
        s.record("nukescripts.PythonPanel.isValid")
        return s.alive(self.page)

    def destroy(self):
        s.record("nukescripts.PythonPanel.destroy")
        s.destroy(self.page)


panels = []


def registerWidgetAsPanel(widget, name, id, create=False):
    s.record("nukescripts.panels.registerWidgetAsPanel", widget, name, id, create)
    panel = PythonPanel(widget, name, id)
    panels.append(panel)
    return panel if create else None
