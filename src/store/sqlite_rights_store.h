// SPDX-License-Identifier: AGPL-3.0-or-later
//
// SQLite implementation of the rights desk's port, on the Store's connection.
#ifndef SOVHUB_STORE_SQLITE_RIGHTS_STORE_H_
#define SOVHUB_STORE_SQLITE_RIGHTS_STORE_H_

#include <memory>

#include "store/rights_store.h"
#include "store/sqlite.h"

namespace sovhub::store {

std::unique_ptr<RightsStore> MakeSqliteRightsStore(Database& db);

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_SQLITE_RIGHTS_STORE_H_
