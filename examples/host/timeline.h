// Timeline: the host's time slider. It plays frames 1..120 at 24 fps in a
// loop (playing from the start) and announces every frame, as a DCC's
// playback does; Python hears it through avhost.on_frame_changed.
#ifndef AVHOST_TIMELINE_H
#define AVHOST_TIMELINE_H

#include <QWidget>

class QLabel;
class QSlider;
class QTimer;
class QToolButton;

class Timeline : public QWidget {
    Q_OBJECT
public:
    static constexpr int kFirst = 1, kLast = 120, kFps = 24;

    explicit Timeline(QWidget *parent = nullptr);
    int frame() const;
    bool playing() const;
    void setPlaying(bool playing);

Q_SIGNALS:
    void frameChanged(int frame);

private:
    void step();
    void display(int frame);

    QSlider *slider_;
    QLabel *label_;
    QToolButton *play_;
    QTimer *timer_;
};

#endif
