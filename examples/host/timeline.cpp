#include "timeline.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

Timeline::Timeline(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("timeline"));
    play_ = new QToolButton(this);
    play_->setCheckable(true);
    play_->setToolTip(QStringLiteral("Play / pause"));
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(kFirst, kLast);
    slider_->setTickPosition(QSlider::TicksBelow);
    slider_->setTickInterval(12);
    label_ = new QLabel(this);
    label_->setMinimumWidth(110);
    auto *fps = new QLabel(QStringLiteral("%1 fps  |  %2-%3").arg(kFps).arg(kFirst).arg(kLast), this);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(play_);
    layout->addWidget(slider_, 1);
    layout->addWidget(label_);
    layout->addWidget(fps);

    timer_ = new QTimer(this);
    timer_->setInterval(1000 / kFps);
    connect(timer_, &QTimer::timeout, this, &Timeline::step);
    connect(slider_, &QSlider::valueChanged, this, &Timeline::display);
    connect(play_, &QToolButton::toggled, this, &Timeline::setPlaying);
    display(kFirst);
    setPlaying(true);
}

int Timeline::frame() const
{
    return slider_->value();
}

bool Timeline::playing() const
{
    return timer_->isActive();
}

void Timeline::setPlaying(bool playing)
{
    if (playing)
        timer_->start();
    else
        timer_->stop();
    play_->setChecked(playing);
    play_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void Timeline::step()
{
    slider_->setValue(frame() >= kLast ? kFirst : frame() + 1);
}

void Timeline::display(int frame)
{
    label_->setText(QStringLiteral("Frame %1").arg(frame, 4, 10, QLatin1Char('0')));
    Q_EMIT frameChanged(frame);
}
