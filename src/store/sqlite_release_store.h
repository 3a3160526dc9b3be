// SPDX-License-Identifier: AGPL-3.0-or-later
//
// SQLite implementation of the release workflow's port, on the Store's
// connection.
#ifndef SOVHUB_STORE_SQLITE_RELEASE_STORE_H_
#define SOVHUB_STORE_SQLITE_RELEASE_STORE_H_

#include <memory>

#include "store/release_store.h"
#include "store/sqlite.h"

namespace sovhub::store {

std::unique_ptr<ReleaseStore> MakeSqliteReleaseStore(Database& db);

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_SQLITE_RELEASE_STORE_H_
