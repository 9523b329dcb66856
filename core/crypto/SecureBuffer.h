// Move-only byte buffer for keys and other secrets; wiped with OPENSSL_cleanse when destroyed.
// Not a QByteArray on purpose: implicit sharing would leave unwiped copies behind.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <vector>

namespace veil::crypto {

class SecureBuffer
{
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size) : m_bytes(size, 0) {}
    SecureBuffer(QByteArrayView bytes) : m_bytes(bytes.begin(), bytes.end()) {}
    ~SecureBuffer() { wipe(); }

    SecureBuffer(SecureBuffer &&other) noexcept : m_bytes(std::move(other.m_bytes)) { other.m_bytes.clear(); }
    SecureBuffer &operator=(SecureBuffer &&other) noexcept;
    SecureBuffer(const SecureBuffer &) = delete;
    SecureBuffer &operator=(const SecureBuffer &) = delete;

    std::uint8_t *data() { return m_bytes.data(); }
    const std::uint8_t *data() const { return m_bytes.data(); }
    std::size_t size() const { return m_bytes.size(); }
    bool isEmpty() const { return m_bytes.empty(); }
    QByteArrayView view() const { return QByteArrayView(m_bytes.data(), qsizetype(m_bytes.size())); }
    bool operator==(const SecureBuffer &other) const;

    void wipe();

private:
    std::vector<std::uint8_t> m_bytes;
};

} // namespace veil::crypto
