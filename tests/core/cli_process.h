#pragma once

// Runs a program of this build (tokenwatt-cli, pdfinfo, ...) for an end-to-end test and keeps
// its exit status and output. Shared by the CLI test suites.

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace tw::test {

struct CliResult
{
    int exitCode = -1; ///< -1: did not start or did not finish in time; -2: crashed
    QString out;
    QString err;
};

/// Runs @p program with @p args and waits up to @p timeoutMs. With @p withoutDisplay, the
/// program runs as on a server: no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM.
inline CliResult runProgram(const QString &program, const QStringList &args, int timeoutMs = 120000,
                            bool withoutDisplay = false)
{
    QProcess process;
    if (withoutDisplay) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        process.setProcessEnvironment(env);
    }
    process.start(program, args);
    CliResult result;
    if (!process.waitForStarted(10000))
        return result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// tokenwatt-cli with @p args.
inline CliResult runCli(const QStringList &args, int timeoutMs = 120000)
{
    return runProgram(QStringLiteral(TOKENWATT_CLI_PATH), args, timeoutMs);
}

/// The command and what it printed, for a failure message.
inline QString describe(const QStringList &args, const CliResult &result)
{
    return QStringLiteral("tokenwatt-cli %1 -> exit %2\nstdout: %3\nstderr: %4")
            .arg(args.join(' '))
            .arg(result.exitCode)
            .arg(result.out.left(3000), result.err.left(3000));
}

/// Text of @p pdf by pdftotext (poppler-utils), or a null string when the tool is missing or
/// fails.
inline QString pdfText(const QString &pdf)
{
    const CliResult result = runProgram(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    return result.exitCode == 0 ? result.out : QString();
}

/// Pages of @p pdf by pdfinfo (poppler-utils), or -1.
inline int pdfPages(const QString &pdf)
{
    const CliResult result = runProgram(QStringLiteral("pdfinfo"), {pdf});
    const QRegularExpressionMatch match
            = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(result.out);
    return result.exitCode == 0 && match.hasMatch() ? match.captured(1).toInt() : -1;
}

} // namespace tw::test
