#include "console.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextCursor>
#include <QThread>
#include <QVBoxLayout>
#include <unistd.h>

// The input editor: decides what Enter means and keeps the history.
class CodeInput : public QPlainTextEdit {
    Q_OBJECT
public:
    using QPlainTextEdit::QPlainTextEdit;

Q_SIGNALS:
    void run(const QString &code);

protected:
    void keyPressEvent(QKeyEvent *event) override
    {
        const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
        const QString text = toPlainText();
        const bool oneLine = !text.contains(QLatin1Char('\n'));
        if (enter && (event->modifiers() & Qt::ControlModifier)) {
            submitTyped();
        } else if (enter && !(event->modifiers() & Qt::ShiftModifier) && oneLine &&
                   !text.trimmed().endsWith(QLatin1Char(':'))) {
            submitTyped(); // a complete one-liner; a block header (":") continues
        } else if (event->key() == Qt::Key_Tab && event->modifiers() == Qt::NoModifier) {
            insertPlainText(QStringLiteral("    "));
        } else if ((event->key() == Qt::Key_Up || event->key() == Qt::Key_Down) && oneLine && !history_.isEmpty()) {
            int step = event->key() == Qt::Key_Up ? -1 : 1;
            position_ = qBound(0, position_ + step, static_cast<int>(history_.size()));
            setPlainText(position_ < history_.size() ? history_[position_] : QString());
            moveCursor(QTextCursor::End);
        } else {
            QPlainTextEdit::keyPressEvent(event);
        }
    }

public:
    // Runs code (what is typed, or what --exec gives) and keeps it in the history.
    void submit(const QString &code)
    {
        if (code.trimmed().isEmpty())
            return;
        if (history_.isEmpty() || history_.last() != code)
            history_.append(code);
        position_ = static_cast<int>(history_.size());
        Q_EMIT run(code);
    }

private:
    void submitTyped()
    {
        const QString code = toPlainText();
        clear();
        submit(code);
    }

    QStringList history_;
    int position_ = 0;
};

Console::Console(QWidget *parent) : QWidget(parent)
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    transcript_ = new QPlainTextEdit(this);
    transcript_->setReadOnly(true);
    transcript_->setFont(mono);
    transcript_->setMaximumBlockCount(20000);
    transcript_->setObjectName(QStringLiteral("consoleTranscript"));
    input_ = new CodeInput(this);
    input_->setFont(mono);
    input_->setObjectName(QStringLiteral("consoleInput"));
    input_->setPlaceholderText(
        QStringLiteral("Python: Enter runs a line, Ctrl+Enter runs all, Shift+Enter adds a line"));
    input_->setTabChangesFocus(false);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(transcript_);
    split->addWidget(input_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split);
    connect(input_, &CodeInput::run, this, &Console::submitted);
}

void Console::mirror(int stream, const QString &text)
{
    // write(2) is safe from any thread; a failed write to a closed terminal
    // is not the console's problem.
    const QByteArray utf8 = text.toUtf8();
    ssize_t written = ::write(stream == 2 ? STDERR_FILENO : STDOUT_FILENO, utf8.constData(),
                              static_cast<size_t>(utf8.size()));
    (void)written;
}

void Console::write(int stream, const QString &text)
{
    mirror(stream, text);
    const Kind kind = stream == 2 ? Error : Output;
    if (QThread::currentThread() == thread())
        append(text, kind, false);
    else
        QMetaObject::invokeMethod(this, [this, text, kind] { append(text, kind, false); }, Qt::QueuedConnection);
}

void Console::echo(const QString &code)
{
    QStringList lines = code.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); i++)
        lines[i].prepend(i == 0 ? QStringLiteral(">>> ") : QStringLiteral("... "));
    const QString text = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    mirror(1, text);
    append(text, Input, true);
}

void Console::info(const QString &line)
{
    const QString text = QStringLiteral("# ") + line + QLatin1Char('\n');
    mirror(1, text);
    append(text, Host, true);
}

void Console::error(const QString &line)
{
    const QString text = QStringLiteral("# Error: ") + line + QLatin1Char('\n');
    mirror(2, text);
    append(text, Error, true);
}

void Console::submit(const QString &code)
{
    input_->submit(code);
}

QString Console::transcript() const
{
    return transcript_->toPlainText();
}

void Console::append(const QString &text, Kind kind, bool ownLine)
{
    static const QColor colors[] = {QColor(0x8a, 0xb4, 0xf8), QColor(0xdc, 0xdc, 0xdc), QColor(0xf2, 0x6d, 0x6d),
                                    QColor(0x9a, 0xa0, 0xa6)};
    QTextCursor cursor(transcript_->document());
    cursor.movePosition(QTextCursor::End);
    if (ownLine && cursor.positionInBlock() > 0)
        cursor.insertText(QStringLiteral("\n"));
    QTextCharFormat format;
    format.setForeground(colors[kind]);
    cursor.insertText(text, format);
    transcript_->setTextCursor(cursor);
    transcript_->ensureCursorVisible();
}

#include "console.moc"
