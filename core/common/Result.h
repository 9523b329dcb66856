// Expected failures travel as values, not exceptions: every fallible core call returns Result<T>.
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace veil {

// A stable machine-readable code ("wrong_passphrase", "db_locked", ...) and one clear human line.
struct Error
{
    QString code;
    QString message;

    QString toString() const { return code + QStringLiteral(": ") + message; }
    // What a person reads: the message, or the code when there is none.
    QString plain() const { return message.isEmpty() ? code : message; }
};

inline Error makeError(QString code, QString message)
{
    return Error{std::move(code), std::move(message)};
}

template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_state); }
    const T &value() const & { return std::get<0>(m_state); }
    // By value, not T&&: `for (auto &x : f().value())` would otherwise dangle once the temporary dies.
    T value() && { return std::get<0>(std::move(m_state)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }

    const Error &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Result<void> success()
{
    return {};
}

} // namespace veil

// Propagates an error out of the enclosing function returning any Result<U>.
#define VEIL_TRY(expr)                                                                                       \
    do {                                                                                                     \
        auto &&veil_try_result_ = (expr);                                                                    \
        if (!veil_try_result_.ok())                                                                          \
            return veil_try_result_.error();                                                                 \
    } while (false)
