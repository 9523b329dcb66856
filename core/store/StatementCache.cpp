#include "store/StatementCache.h"

#include <sqlite3.h>

#include <utility>

namespace veil::store {

StatementCache::~StatementCache()
{
    close();
}

sqlite3_stmt *StatementCache::take(std::string_view sql)
{
    std::lock_guard lock(m_mutex);
    auto it = m_idle.find(sql);
    if (it == m_idle.end() || !it->second)
        return nullptr;
    return std::exchange(it->second, nullptr);
}

void StatementCache::give(sqlite3_stmt *stmt)
{
    if (!stmt)
        return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    std::unique_lock lock(m_mutex);
    if (!m_closed) {
        const char *sql = sqlite3_sql(stmt);
        auto it = m_idle.find(std::string_view(sql));
        if (it == m_idle.end() && m_idle.size() < Capacity)
            it = m_idle.emplace(sql, nullptr).first;
        if (it != m_idle.end() && !it->second) {
            it->second = stmt;
            return;
        }
    }
    lock.unlock();
    sqlite3_finalize(stmt);
}

void StatementCache::close()
{
    std::lock_guard lock(m_mutex);
    m_closed = true;
    for (auto &[sql, stmt] : m_idle)
        sqlite3_finalize(std::exchange(stmt, nullptr));
    m_idle.clear();
}

} // namespace veil::store
