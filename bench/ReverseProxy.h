// nginx in front of the service's instances, for the load test (issue 18): the configuration
// docs/operations.md gives operators (least_conn over the instances, keep-alive upstream connections,
// HTTP/1.1, a failed connection tried on the next instance), without TLS, on loopback. Debian's nginx
// (apt install nginx-light); runs in the foreground as a child process, configured in a directory of its
// own, and stops with this object.
#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

#include <cstdio>

namespace veil::bench {

class ReverseProxy
{
public:
    ~ReverseProxy()
    {
        if (m_nginx.state() != QProcess::NotRunning) {
            m_nginx.terminate();
            m_nginx.waitForFinished(10000);
        }
    }

    // Starts nginx on a free loopback port in front of `upstreams`; an empty URL (and why, on stderr) if
    // it could not.
    QUrl start(const QList<QUrl> &upstreams, const QString &dir)
    {
        const QString nginx = QStringLiteral("/usr/sbin/nginx");
        if (!QFile::exists(nginx)) {
            std::fprintf(stderr, "--proxy needs nginx (apt install nginx-light)\n");
            return {};
        }
        QTcpServer probe; // a free port, given back for nginx to take
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return {};
        const quint16 port = probe.serverPort();
        probe.close();
        QByteArray servers;
        for (const QUrl &url : upstreams)
            servers += "        server 127.0.0.1:" + QByteArray::number(url.port()) +
                       " max_fails=3 fail_timeout=10s max_conns=256;\n";
        const QByteArray path = dir.toLocal8Bit();
        // Bodies and answers buffered in memory (the service's are at most a few MiB): nginx's workers run
        // as nobody and could not write temporary files into this process's private directory.
        const QByteArray config =
            "daemon off;\nworker_processes 1;\npid " + path + "/nginx.pid;\nerror_log " + path +
            "/error.log warn;\nevents { worker_connections 4096; }\nhttp {\n"
            "    access_log off;\n    client_body_temp_path " +
            path +
            "/body;\n"
            "    proxy_temp_path " +
            path +
            "/proxy;\n"
            "    client_body_buffer_size 8m;\n    proxy_max_temp_file_size 0;\n"
            "    upstream veil_service {\n        zone veil_service 64k;\n        least_conn;\n" +
            servers +
            "        keepalive 64;\n    }\n"
            "    server {\n        listen 127.0.0.1:" +
            QByteArray::number(port) +
            ";\n"
            "        client_max_body_size 64m;\n        location / {\n"
            "            proxy_pass http://veil_service;\n"
            "            proxy_http_version 1.1;\n"
            "            proxy_set_header Connection \"\";\n"
            "            proxy_read_timeout 60s;\n"
            "            proxy_next_upstream error timeout;\n        }\n    }\n}\n";
        QFile file(dir + QStringLiteral("/nginx.conf"));
        if (!QDir().mkpath(dir) || !file.open(QIODevice::WriteOnly) || file.write(config) != config.size())
            return {};
        file.close();
        m_nginx.setProcessChannelMode(QProcess::ForwardedChannels);
        m_nginx.start(nginx, {QStringLiteral("-c"), file.fileName(), QStringLiteral("-e"),
                              dir + QStringLiteral("/error.log")});
        for (int i = 0; i < 100 && m_nginx.state() != QProcess::NotRunning; ++i) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            if (socket.waitForConnected(100))
                return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
            QThread::msleep(50);
        }
        std::fprintf(stderr, "nginx did not start (see %s/error.log)\n", qPrintable(dir));
        return {};
    }

private:
    QProcess m_nginx;
};

} // namespace veil::bench
