#include "viewport.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>
#include <cmath>

namespace {

struct Vec3 {
    double x, y, z;
};

// A fixed camera looking at the origin from above and to the side.
class Camera {
public:
    Camera(const QSizeF &size) : size_(size) {}

    QPointF project(Vec3 p) const
    {
        // Orbit: yaw 35 degrees, pitch 25 degrees, distance 16.
        const double yaw = qDegreesToRadians(35.0), pitch = qDegreesToRadians(25.0);
        double x = p.x * qCos(yaw) - p.z * qSin(yaw);
        double z = p.x * qSin(yaw) + p.z * qCos(yaw);
        double y = p.y * qCos(pitch) - z * qSin(pitch);
        z = p.y * qSin(pitch) + z * qCos(pitch) + 16.0;
        const double focal = size_.height() * 1.4;
        return {size_.width() / 2 + x * focal / z, size_.height() * 0.58 - y * focal / z};
    }

private:
    QSizeF size_;
};

} // namespace

Viewport::Viewport(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("viewport"));
    setMinimumSize(320, 240);
}

void Viewport::setFrame(int frame)
{
    frame_ = frame;
    update();
}

void Viewport::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QLinearGradient sky(0, 0, 0, height());
    sky.setColorAt(0, QColor(0x4b, 0x52, 0x5c));
    sky.setColorAt(1, QColor(0x1c, 0x1f, 0x24));
    p.fillRect(rect(), sky);

    const Camera cam(size());
    for (int i = -10; i <= 10; i++) {
        p.setPen(QPen(i == 0 ? QColor(0x15, 0x17, 0x1a) : QColor(0x6a, 0x70, 0x78, 110), i == 0 ? 1.6 : 1.0));
        p.drawLine(cam.project({double(i), 0, -10}), cam.project({double(i), 0, 10}));
        p.drawLine(cam.project({-10, 0, double(i)}), cam.project({10, 0, double(i)}));
    }

    // A box turning 3 degrees per frame.
    const double a = qDegreesToRadians(3.0 * frame_), c = qCos(a), s = qSin(a);
    Vec3 corners[8];
    for (int i = 0; i < 8; i++) {
        const double x = (i & 1) ? 1.5 : -1.5, y = (i & 2) ? 3.0 : 0.0, z = (i & 4) ? 1.5 : -1.5;
        corners[i] = {x * c - z * s, y, x * s + z * c};
    }
    p.setPen(QPen(QColor(0x4d, 0xd0, 0xe1), 1.6));
    for (int i = 0; i < 8; i++)
        for (int bit : {1, 2, 4})
            if (!(i & bit))
                p.drawLine(cam.project(corners[i]), cam.project(corners[i | bit]));

    // The axis gizmo and the HUD.
    const QPointF origin(40, height() - 40);
    const struct {
        Vec3 dir;
        QColor color;
        const char *name;
    } axes[] = {{{1, 0, 0}, QColor(0xe5, 0x48, 0x4d), "X"},
                {{0, 1, 0}, QColor(0x5b, 0xc2, 0x5b), "Y"},
                {{0, 0, 1}, QColor(0x4a, 0x8f, 0xe7), "Z"}};
    for (const auto &axis : axes) {
        const QPointF tip = cam.project(axis.dir) - cam.project({0, 0, 0});
        const QPointF end = origin + tip * (24.0 / qMax(1.0, std::hypot(tip.x(), tip.y())));
        p.setPen(QPen(axis.color, 2));
        p.drawLine(origin, end);
        p.drawText(end + QPointF(3, 4), QString::fromLatin1(axis.name));
    }
    p.setPen(QColor(0xd0, 0xd4, 0xd9));
    p.drawText(QRectF(12, 8, 300, 20), Qt::AlignLeft, QStringLiteral("persp"));
    p.drawText(QRectF(width() - 212, 8, 200, 20), Qt::AlignRight,
               QStringLiteral("frame %1").arg(frame_, 4, 10, QLatin1Char('0')));
}
