// Console: the Python console dock of avhost (a DCC's "script editor"). A
// transcript above, an input below: Enter runs a one-line statement,
// Ctrl+Enter runs everything typed, Shift+Enter adds a line, Up/Down walk
// the history. Output of the host's Python (sys.stdout, sys.stderr) and the
// host's own messages land in the transcript and are mirrored to the
// terminal avhost was started from (stdout and stderr).
#ifndef AVHOST_CONSOLE_H
#define AVHOST_CONSOLE_H

#include <QWidget>

class QPlainTextEdit;
class CodeInput;

class Console : public QWidget {
    Q_OBJECT
public:
    explicit Console(QWidget *parent = nullptr);

    // Output of a Python stream: 1 stdout, 2 stderr. Any thread (from another
    // thread it reaches the transcript at the next turn of the event loop;
    // the terminal gets it at once).
    void write(int stream, const QString &text);
    // Shows code as typed input (">>> ..."). Main thread.
    void echo(const QString &code);
    // A line from the host itself ("# ..."); error lines show in red and go
    // to stderr. Main thread.
    void info(const QString &line);
    void error(const QString &line);

    QString transcript() const;

    // The terminal copy of a stream's output (1 stdout, 2 stderr). Any
    // thread, also when no console exists.
    static void mirror(int stream, const QString &text);

    // Runs code as if typed into the input and submitted (--exec uses it):
    // it joins the history and the submitted signal fires.
    void submit(const QString &code);

Q_SIGNALS:
    // The user asked to run code (the input is cleared and kept in history).
    void submitted(const QString &code);

private:
    enum Kind { Input, Output, Error, Host };
    void append(const QString &text, Kind kind, bool ownLine);

    QPlainTextEdit *transcript_;
    CodeInput *input_;
};

#endif
