// Viewport: the host's stand-in for a 3D viewport. It draws a perspective
// grid, a turning wireframe box (so the timeline's frame shows) and a HUD,
// in the colours of a DCC's viewport. It renders nothing real.
#ifndef AVHOST_VIEWPORT_H
#define AVHOST_VIEWPORT_H

#include <QWidget>

class Viewport : public QWidget {
    Q_OBJECT
public:
    explicit Viewport(QWidget *parent = nullptr);
    void setFrame(int frame);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int frame_ = 1;
};

#endif
