/*
 * engine/binder/binder.h
 *   AST -> typed logical plan: name resolution through catalog metadata,
 *   type checking and coercion, aggregate extraction.
 * Interface: bind_statement.
 * Not here: parsing (parser/), pushdown (optimizer/), execution (exec/).
 */
#ifndef ENG_BINDER_H
#define ENG_BINDER_H

#include "../engine_int.h"
#include "../parser/ast.h"
#include "../planner/plan.h"

/*
 * Binds statement s for session c into *out (everything in arena a).
 * Table names resolve as catalog.schema.table, schema.table (session
 * catalog) or table (session catalog and schema, after CTEs in scope).
 * Errors name the object and carry its position: 42S02 unknown table,
 * 3D000 unknown catalog, 3F000 unknown schema, 42703 unknown column,
 * 42702 ambiguous column, 42803 grouping error, 42804 type mismatch,
 * 42883 unknown function; remote metadata errors come back as the
 * connector reported them.
 */
eng_rc bind_statement(eng_conn *c, const ast_stmt *s, eng_arena *a,
                 eng_bound_stmt **out, eng_error *err);

#endif
