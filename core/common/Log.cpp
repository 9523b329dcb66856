#include "Log.h"

Q_LOGGING_CATEGORY(lcStore, "veil.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCrypto, "veil.crypto", QtInfoMsg)
Q_LOGGING_CATEGORY(lcVault, "veil.vault", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAudit, "veil.audit", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "veil.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMedia, "veil.media", QtInfoMsg)
