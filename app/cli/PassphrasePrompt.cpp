#include "PassphrasePrompt.h"

#include <openssl/crypto.h>

#include <cstdio>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace veil::cli {

namespace {

QByteArray readLine(const QString &prompt)
{
    const bool tty = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (tty) {
        std::fputs(prompt.toLocal8Bit().constData(), stderr);
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    for (int c = std::fgetc(stdin); c != EOF && c != '\n'; c = std::fgetc(stdin))
        line.append(char(c));
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputc('\n', stderr);
    }
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

void wipe(QByteArray &secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), std::size_t(secret.size()));
    secret.clear();
}

QByteArray readPassphrase(const QString &prompt, bool confirm)
{
    QByteArray fromEnv = qgetenv("VEIL_PASSPHRASE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    QByteArray first = readLine(prompt);
    if (confirm && ::isatty(STDIN_FILENO) == 1) {
        QByteArray again = readLine(QStringLiteral("Repeat passphrase: "));
        const bool same = first == again;
        wipe(again);
        if (!same) {
            wipe(first);
            std::fputs("veil-cli: the passphrases do not match\n", stderr);
        }
    }
    return first;
}

} // namespace veil::cli
