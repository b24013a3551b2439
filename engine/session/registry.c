/*
 * engine/session/registry.c
 *   The list of connectors a catalog file may name.
 * Interface: sess_connector_find.
 * Not here: the built-in `system` catalog, which the session adds itself
 *   and which no catalog file can name (catalog_file.c).
 */
#include <string.h>
#include "session.h"

static const eng_connector_ops *const connectors[] = {
    &eng_pg_connector,
    &eng_trino_connector,
};

/* Returns the ops table whose name equals `name` exactly, or NULL. */
const eng_connector_ops *sess_connector_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof connectors / sizeof connectors[0]; i++)
        if (!strcmp(connectors[i]->name, name))
            return connectors[i];
    return NULL;
}
