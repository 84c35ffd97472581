"""Upstream AuroraView's download keywords in real views: each page downloads a file it makes
(a link with a download attribute, as a tool's "export" button does). allow_downloads (on by
default) saves it in download_directory; off, it is dropped; download_prompt asks where in a file
dialog, which the scenario answers as a user would (through PyQt: a name, then Save; or Cancel).
The shim says what became of each download on the "auroraview" logger. argv[1]: a scratch
directory."""
import logging
import os
import sys

from harness import capture_log, pyqt, report

import auroraview

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
TMP = sys.argv[1]
log = capture_log()
logging.getLogger("auroraview").setLevel(logging.INFO)
PAGE = """<script>window.addEventListener('auroraviewready', () => {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(['made by NAME'], {type: 'text/plain'}));
  link.download = 'NAME.txt';
  document.body.appendChild(link);
  link.click();
});</script>"""
folder, chosen = os.path.join(TMP, "downloads"), os.path.join(TMP, "chosen")
os.makedirs(folder)
os.makedirs(chosen)


def lines(text):
    return [message for level, message, _ in log if text in message]


def view(name, **kwargs):
    made = auroraview.WebView(title=name, html=PAGE.replace("NAME", name), **kwargs)
    made.show(block=False)
    return made


answers = []  # what the user does in each file dialog, in order


def answer_dialogs():
    dialog = QtWidgets.QApplication.activeModalWidget()
    if isinstance(dialog, QtWidgets.QFileDialog) and answers:
        answer = answers.pop(0)
        buttons = dialog.findChild(QtWidgets.QDialogButtonBox)
        Button = QtWidgets.QDialogButtonBox.StandardButton
        if answer is not None:  # typed into the name field, as a user does
            dialog.findChild(QtWidgets.QLineEdit, "fileNameEdit").setText(answer)
        buttons.button(Button.Cancel if answer is None else Button.Save).click()


saved = view("saved", download_directory=folder)
dropped = view("dropped", allow_downloads=False, download_directory=folder)
timer = QtCore.QTimer()  # now that there is an application (the first view made it)
timer.timeout.connect(answer_dialogs)
timer.start(50)
auroraview._core.wait_until(lambda: lines("was saved as") and lines("was dropped"), 60)
result = {"saved_file": open(os.path.join(folder, "saved.txt")).read(), "folder": sorted(os.listdir(folder)),
          "saved_lines": lines("was saved as"), "dropped_lines": lines("was dropped")}

answers.append(os.path.join(chosen, "picked.txt"))
asked = view("asked", download_prompt=True, download_directory=folder)
auroraview._core.wait_until(lambda: len(lines("was saved as")) == 2, 60)
result["picked_file"] = open(os.path.join(chosen, "picked.txt")).read()

answers.append(None)
cancelled = view("cancelled", download_prompt=True, download_directory=folder)
auroraview._core.wait_until(lambda: lines("file dialog was cancelled"), 60)
result["cancelled_lines"] = lines("file dialog was cancelled")
result["folder_after"] = sorted(os.listdir(folder))
for each in (saved, dropped, asked, cancelled):
    each.close()
report(result)
