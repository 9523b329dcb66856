// Prepared SQLite statements kept for reuse, one idle copy per SQL text. Parsing and planning a statement
// cost more than running most of ours (a decision ran ~20 of them, each prepared anew); a statement that
// goes out of use is reset and kept instead of finalized. Thread-safe: a connection opened FULLMUTEX may be
// used from more than one thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3_stmt;

namespace veil::store {

class StatementCache
{
public:
    // Enough for every fixed statement the workstation and the service run; SQL built at run time
    // (filters, IN lists) beyond it is finalized as before.
    static constexpr std::size_t Capacity = 512;

    ~StatementCache();

    // An idle statement for exactly this SQL, taken out of the cache (the caller owns it), or null.
    sqlite3_stmt *take(std::string_view sql);
    // Back from use: reset, its bindings cleared and kept (or finalized when one is already kept, or the
    // cache is full or closed).
    void give(sqlite3_stmt *stmt);
    // Finalizes every idle statement and keeps none from now on (the connection is closing).
    void close();

private:
    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    std::mutex m_mutex;
    std::unordered_map<std::string, sqlite3_stmt *, Hash, std::equal_to<>> m_idle;
    bool m_closed = false;
};

} // namespace veil::store
