/*
 * engine/parser/ast.h
 *   The abstract syntax tree the parser builds and the binder reads.
 * Interface: the ast_* structs; parse_statement (parser.c), parse_lex (lexer.c),
 *   ast_print (ast_print.c) are declared in parser.h.
 * Not here: name resolution or types (binder/).
 *
 * Every node lives in the statement's parse arena. Identifiers are stored
 * already case-folded the way Trino does it: unquoted names to lower case,
 * quoted names as written. Every node records `pos`, the 1-based character
 * offset of its first token in the statement, for error messages.
 */
#ifndef ENG_AST_H
#define ENG_AST_H

#include <stdbool.h>
#include <stdint.h>

/* The type name of an X'..' binary literal (AE_TYPED_LITERAL): not a
 * name a statement can spell, so only the lexer's X' reaches it. */
#define PARSE_BINARY_LITERAL "x'"

typedef struct ast_expr ast_expr;
typedef struct ast_query ast_query;
typedef struct ast_window ast_window;
typedef struct ast_table_ref ast_table_ref;

/* A possibly qualified name: parts[0].parts[1]... (1 to 3 parts for
 * tables, 1 to 4 for columns). */
typedef struct ast_name {
    int nparts;
    char **parts;
    int pos;
} ast_name;

typedef enum ast_expr_kind {
    AE_NULL,        /* NULL */
    AE_BOOL,        /* TRUE / FALSE: bool_val */
    AE_INT,         /* integer literal that fits int64: int_val; text too */
    AE_DECIMAL,     /* 1.5, or an integer literal too big for int64: text */
    AE_DOUBLE,      /* 1.5e3: text */
    AE_STRING,      /* 'abc': text (quotes removed, '' unescaped), text_len */
    AE_TYPED_LITERAL, /* DATE '2018-01-01': type_name + text */
    AE_COLUMN,      /* name */
    AE_STAR,        /* * or t.*: name has the qualifier (nparts 0 for *) */
    AE_PARAM,       /* ?: param_index (0-based) */
    AE_UNARY,       /* op (AOP_NEG, AOP_PLUS, AOP_NOT), args[0] */
    AE_BINARY,      /* op, args[0], args[1] */
    AE_IS_NULL,     /* args[0] IS [NOT] NULL: negated */
    AE_BETWEEN,     /* args[0] [NOT] BETWEEN args[1] AND args[2]: negated */
    AE_IN_LIST,     /* args[0] [NOT] IN (args[1..nargs-1]): negated */
    AE_LIKE,        /* args[0] [NOT] LIKE args[1] [ESCAPE args[2]] */
    AE_FUNC,        /* name(args...), distinct, star for count(*),
                       filter for an aggregate's FILTER (WHERE ...) */
    AE_CASE,        /* CASE [operand] WHEN.. THEN.. [ELSE] END */
    AE_CAST,        /* CAST(args[0] AS type_name) / TRY_CAST: is_try */
    AE_SUBQUERY,    /* (SELECT ...) scalar */
    AE_EXISTS,      /* EXISTS (SELECT ...) */
    AE_IN_SUBQUERY, /* args[0] [NOT] IN (SELECT ...) */
    AE_QUANTIFIED,  /* args[0] op ANY|SOME|ALL (SELECT ...): op, quant_all */
    AE_ARRAY        /* ARRAY[args...]: an array constructor */
} ast_expr_kind;

typedef enum ast_op {
    AOP_NONE = 0,
    AOP_ADD, AOP_SUB, AOP_MUL, AOP_DIV, AOP_MOD,
    AOP_CONCAT,                         /* || */
    AOP_EQ, AOP_NE, AOP_LT, AOP_LE, AOP_GT, AOP_GE,
    AOP_AND, AOP_OR,
    AOP_NOT, AOP_NEG, AOP_PLUS,
    AOP_IS_DISTINCT, AOP_IS_NOT_DISTINCT
} ast_op;

/* A type as written: name lower-cased ("integer", "decimal", "varchar",
 * "double", "date", ...) with up to two parameters (-1 if absent). */
typedef struct ast_type_name {
    char *name;
    int p1, p2;
    int pos;
    struct ast_type_name *elem;   /* name "array": array(elem) */
} ast_type_name;

struct ast_expr {
    ast_expr_kind kind;
    int pos;
    ast_op op;
    bool negated;    /* NOT BETWEEN / NOT IN / NOT LIKE / IS NOT NULL */
    bool distinct;   /* count(DISTINCT x) */
    bool star;       /* count(*) */
    bool is_try;     /* TRY_CAST */
    bool in_gset;    /* a GROUP BY entry written inside ROLLUP, CUBE or
                        GROUPING SETS (Trino wants a column there) */
    bool extract;    /* AE_FUNC written EXTRACT(field FROM x): no date ->
                        timestamp coercion (Trino's TYPE_MISMATCH) */
    bool at_tz;      /* AE_FUNC at_timezone written x AT TIME ZONE z: a
                        time (with time zone) may stand left of it, not
                        in the function call (as Trino) */
    bool bool_val;
    bool quant_all;  /* AE_QUANTIFIED: ALL (else ANY / SOME) */
    int64_t int_val;
    char *text;      /* literal text; for AE_STRING may contain NUL bytes */
    int text_len;
    int param_index;
    ast_name name;          /* AE_COLUMN, AE_STAR, AE_FUNC */
    ast_type_name type_name; /* AE_CAST, AE_TYPED_LITERAL */
    int nargs;
    ast_expr **args;
    /* AE_CASE: operand may be NULL (searched CASE); nwhen pairs */
    ast_expr *case_operand;
    int nwhen;
    ast_expr **when_conds;
    ast_expr **when_results;
    ast_expr *else_result;   /* may be NULL */
    ast_query *subquery;     /* AE_SUBQUERY, AE_EXISTS, AE_IN_SUBQUERY,
                                AE_QUANTIFIED */
    ast_expr *filter;        /* AE_FUNC: FILTER (WHERE filter), or NULL */
    ast_window *over;        /* AE_FUNC: OVER (...) or OVER w, else NULL */
    int null_treatment;      /* AE_FUNC: 0 none, 1 IGNORE NULLS, 2 RESPECT
                                NULLS (before OVER) */
    /* AE_FUNC, an aggregate's order: f(x ORDER BY ...) or (within_group)
     * listagg(...) WITHIN GROUP (ORDER BY ...) */
    int nagg_order;
    struct ast_order_item *agg_order;
    bool within_group;
    /* listagg's ON OVERFLOW: 0 none (ERROR), 1 ERROR, 2 TRUNCATE with an
     * optional filler literal (NULL: '...') and WITH/WITHOUT COUNT */
    int overflow;
    ast_expr *overflow_filler;
    bool overflow_count;
};

typedef struct ast_select_item {
    ast_expr *expr;     /* AE_STAR for * and t.* */
    char *alias;        /* NULL if none */
    int pos;
} ast_select_item;

typedef enum ast_join_type {
    AJ_INNER, AJ_LEFT, AJ_RIGHT, AJ_FULL, AJ_CROSS
} ast_join_type;

typedef enum ast_table_ref_kind {
    ATR_TABLE,     /* name [AS alias] */
    ATR_SUBQUERY,  /* (query) [AS] alias */
    ATR_JOIN,      /* left join_type right ON on / USING */
    ATR_UNNEST     /* UNNEST(args...) [WITH ORDINALITY] [AS alias (cols)] */
} ast_table_ref_kind;

struct ast_table_ref {
    ast_table_ref_kind kind;
    int pos;
    ast_name name;          /* ATR_TABLE */
    char *alias;            /* may be NULL */
    int ncol_aliases;       /* t(a, b) column aliases */
    char **col_aliases;
    ast_query *subquery;    /* ATR_SUBQUERY */
    ast_join_type join_type;
    ast_table_ref *left, *right;
    ast_expr *on;           /* NULL for CROSS or USING */
    int nusing;
    char **using_cols;
    int nargs;              /* ATR_UNNEST: the arrays */
    ast_expr **args;
    bool ordinality;        /* ATR_UNNEST: WITH ORDINALITY */
    bool lateral;           /* ATR_SUBQUERY written LATERAL (query): it
                               may read the columns on its left */
};

typedef struct ast_order_item ast_order_item;
struct ast_order_item {
    ast_expr *expr;
    bool desc;
    int nulls;   /* 0 = default (Trino: NULLS LAST for both ASC and DESC),
                    1 = NULLS FIRST, 2 = NULLS LAST */
    int pos;
};

/* One end of a window frame: UNBOUNDED PRECEDING, n PRECEDING, CURRENT
 * ROW, n FOLLOWING, UNBOUNDED FOLLOWING (offset set for the two n forms). */
typedef enum ast_bound_kind {
    AFB_NONE = 0,       /* no frame end written (frame: start only) */
    AFB_UNBOUNDED_PRECEDING, AFB_PRECEDING, AFB_CURRENT_ROW,
    AFB_FOLLOWING, AFB_UNBOUNDED_FOLLOWING
} ast_bound_kind;

typedef struct ast_frame_bound {
    ast_bound_kind kind;
    ast_expr *offset;
    int pos;
} ast_frame_bound;

typedef enum ast_frame_unit {
    AFU_NONE = 0, AFU_ROWS, AFU_RANGE, AFU_GROUPS
} ast_frame_unit;

/* A window specification: OVER ( [name] [PARTITION BY ...] [ORDER BY ...]
 * [frame] ), OVER name (only `ref` set), or a WINDOW clause entry. */
struct ast_window {
    char *ref;               /* an existing window's name, or NULL */
    int npartition;
    ast_expr **partition;
    int norder;
    ast_order_item *order_by;
    ast_frame_unit unit;     /* AFU_NONE: no frame clause */
    ast_frame_bound start, end;   /* end.kind AFB_NONE: no BETWEEN */
    int pos;
};

/* One grouping set: indexes into its select block's group_by. */
typedef struct ast_grouping_set {
    int n;
    int *idx;
} ast_grouping_set;

/* WINDOW name AS (spec) of a SELECT block. */
typedef struct ast_named_window {
    char *name;
    ast_window *spec;
    int pos;
} ast_named_window;

/* One SELECT ... FROM ... WHERE ... GROUP BY ... HAVING block. */
typedef struct ast_select {
    bool distinct;
    int nitems;
    ast_select_item *items;
    ast_table_ref *from;    /* NULL for SELECT without FROM; comma lists
                               become AJ_CROSS joins */
    ast_expr *where;
    int ngroup;
    ast_expr **group_by;    /* AE_INT literals are ordinals */
    int ngsets;             /* 0: GROUP BY every group_by entry; else the
                               grouping sets of ROLLUP, CUBE, GROUPING SETS
                               and (), expanded (their cross product) */
    ast_grouping_set *gsets;
    ast_expr *having;
    int nwindows;           /* WINDOW w AS (...), ... */
    ast_named_window *windows;
    int pos;
} ast_select;

typedef enum ast_setop { AS_NONE, AS_UNION, AS_INTERSECT, AS_EXCEPT } ast_setop;

/* One row of VALUES: `(a, b)` has two values, a bare `a` one. */
typedef struct ast_values_row {
    int nvals;
    ast_expr **vals;
    int pos;
} ast_values_row;

/* A query body: a SELECT, a parenthesised query, VALUES, or a set
 * operation. */
typedef struct ast_query_body {
    ast_setop setop;            /* AS_NONE: select, nested or VALUES */
    bool all;                   /* UNION / INTERSECT / EXCEPT ALL */
    ast_select *select;         /* when setop == AS_NONE and nested NULL */
    ast_query *nested;          /* ( query ) */
    int nrows;                  /* VALUES row, ... when > 0 */
    ast_values_row *rows;
    struct ast_query_body *left, *right;
    int pos;
} ast_query_body;

typedef struct ast_cte {
    char *name;
    int ncols;
    char **cols;        /* optional column list */
    ast_query *query;
    int pos;
} ast_cte;

struct ast_query {
    int nctes;
    ast_cte *ctes;              /* WITH; a CTE can read earlier ones */
    bool recursive;             /* WITH RECURSIVE: a CTE may read itself */
    ast_query_body *body;
    int norder;
    ast_order_item *order_by;
    ast_expr *limit;            /* NULL, or AE_INT; LIMIT ALL -> NULL */
    ast_expr *offset;
    int pos;
};

typedef enum ast_stmt_kind {
    AST_QUERY,          /* query */
    AST_SHOW_CATALOGS,  /* SHOW CATALOGS [LIKE pattern] */
    AST_SHOW_SCHEMAS,   /* SHOW SCHEMAS [FROM catalog] [LIKE pattern] */
    AST_SHOW_TABLES,    /* SHOW TABLES [FROM [catalog.]schema] [LIKE ..] */
    AST_SHOW_COLUMNS,   /* SHOW COLUMNS FROM t / DESCRIBE t: name */
    AST_USE,            /* USE [catalog.]schema: name */
    AST_SET_TIME_ZONE,  /* SET TIME ZONE: like = the zone text, NULL for
                           LOCAL; analyze = it is INTERVAL text */
    AST_EXPLAIN,        /* EXPLAIN stmt: inner */
    /* START TRANSACTION [modes] / COMMIT / ROLLBACK (parse_txn.c) */
    AST_START_TRANSACTION, AST_COMMIT, AST_ROLLBACK,
    /* writes (ast_write.h; details in `write`) */
    AST_CREATE_SCHEMA, AST_DROP_SCHEMA,
    AST_CREATE_TABLE,   /* CREATE TABLE t (cols) */
    AST_CREATE_TABLE_AS,/* CREATE TABLE t [(cols)] AS query [WITH [NO] DATA] */
    AST_DROP_TABLE, AST_ALTER_TABLE,
    AST_INSERT, AST_UPDATE, AST_DELETE, AST_MERGE,
    AST_CREATE_VIEW, AST_DROP_VIEW,
    AST_CREATE_INDEX,   /* CREATE [UNIQUE] INDEX i ON t (cols) */
    /* session properties (parse_session.c): name [= value] */
    AST_SET_SESSION, AST_RESET_SESSION,
    AST_SHOW_SESSION    /* SHOW SESSION [LIKE pattern] */
} ast_stmt_kind;

/* START TRANSACTION's modes; _DEFAULT when not given. */
typedef enum ast_txn_isolation {
    AST_ISO_DEFAULT, AST_ISO_READ_UNCOMMITTED, AST_ISO_READ_COMMITTED,
    AST_ISO_REPEATABLE_READ, AST_ISO_SERIALIZABLE
} ast_txn_isolation;
typedef enum ast_txn_access {
    AST_ACCESS_DEFAULT, AST_ACCESS_READ_ONLY, AST_ACCESS_READ_WRITE
} ast_txn_access;

struct ast_write;       /* defined in ast_write.h */

typedef struct ast_stmt {
    ast_stmt_kind kind;
    int pos;
    ast_query *query;   /* AST_QUERY */
    ast_name name;      /* SHOW ... FROM name, DESCRIBE name, USE name */
    char *like;         /* LIKE pattern or NULL */
    struct ast_stmt *inner; /* AST_EXPLAIN */
    struct ast_write *write; /* AST_CREATE_SCHEMA .. AST_DROP_VIEW */
    bool analyze;       /* AST_EXPLAIN ANALYZE */
    int nparams;        /* number of ? markers */
    ast_txn_isolation txn_isolation; /* AST_START_TRANSACTION */
    ast_txn_access txn_access;
    int txn_pos;        /* position of ISOLATION, for messages */
    ast_expr *value;    /* AST_SET_SESSION: the value */
} ast_stmt;

#endif
