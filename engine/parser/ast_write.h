/*
 * engine/parser/ast_write.h
 *   The syntax of the statements that change a catalog: CREATE/DROP
 *   SCHEMA, CREATE TABLE [AS], DROP TABLE, ALTER TABLE, INSERT, UPDATE,
 *   DELETE, MERGE, CREATE/DROP VIEW. An ast_stmt of one of these kinds
 *   points at one ast_write.
 * Interface: ast_write, ast_column_def, ast_assign, ast_merge_clause,
 *   ast_alter_kind; parse_write_stmt (parse_write.c) is declared in
 *   parse_int.h.
 * Not here: queries and expressions (ast.h), meaning (binder/bind_write.c).
 *
 * Like every AST node these live in the statement arena; names are
 * folded as in ast.h.
 */
#ifndef ENG_AST_WRITE_H
#define ENG_AST_WRITE_H

#include "ast.h"

/* One column of CREATE TABLE / ALTER TABLE ADD COLUMN. */
typedef struct ast_column_def {
    char *name;
    ast_type_name type;
    bool not_null;
    bool primary_key;           /* PRIMARY KEY (column or table level) */
    bool unique;                /* UNIQUE (column level) */
    bool desc;                  /* CREATE INDEX: DESC */
    int pos;
} ast_column_def;

/* column = value (UPDATE SET, MERGE ... THEN UPDATE SET). */
typedef struct ast_assign {
    char *column;
    ast_expr *value;
    int pos;
} ast_assign;

typedef enum ast_merge_action {
    AMA_UPDATE, AMA_DELETE, AMA_INSERT
} ast_merge_action;

/* WHEN [NOT] MATCHED [AND cond] THEN UPDATE SET ... | DELETE |
 * INSERT [(cols)] VALUES (...). */
typedef struct ast_merge_clause {
    bool matched;
    ast_expr *cond;             /* NULL if none */
    ast_merge_action action;
    int nassign;                /* AMA_UPDATE */
    ast_assign *assign;
    int ncols;                  /* AMA_INSERT column list (0: all) */
    char **cols;
    int nvalues;                /* AMA_INSERT values */
    ast_expr **values;
    int pos;
} ast_merge_clause;

typedef enum ast_alter_kind {
    AAL_RENAME_TABLE,           /* RENAME TO new_table */
    AAL_ADD_COLUMN,             /* ADD COLUMN [IF NOT EXISTS] coldefs[0] */
    AAL_DROP_COLUMN,            /* DROP COLUMN [IF EXISTS] column */
    AAL_RENAME_COLUMN           /* RENAME COLUMN [IF EXISTS] column TO new_name */
} ast_alter_kind;

typedef struct ast_write {
    ast_name target;            /* schema, table or view (1 to 3 parts) */
    char *alias;                /* UPDATE/DELETE/MERGE target alias */
    bool if_exists;             /* DROP ... IF EXISTS, ALTER TABLE IF EXISTS */
    bool if_not_exists;         /* CREATE ... IF NOT EXISTS */
    bool col_if;                /* ADD COLUMN IF NOT EXISTS / DROP|RENAME
                                   COLUMN IF EXISTS */
    bool cascade;               /* DROP SCHEMA ... CASCADE */
    bool or_replace;            /* CREATE OR REPLACE VIEW */
    bool with_data;             /* CTAS: false for WITH NO DATA */
    bool unique;                /* CREATE UNIQUE INDEX */
    int npk;                    /* PRIMARY KEY (a, b): column names */
    char **pk;
    int ncoldefs;               /* CREATE TABLE, ADD COLUMN (1), CREATE
                                   INDEX (name, desc only) */
    ast_column_def *coldefs;
    int ncols;                  /* INSERT column list; CTAS column names */
    char **cols;
    ast_query *query;           /* INSERT ... query, CTAS, CREATE VIEW */
    int nrows;                  /* INSERT ... VALUES: rows[i] has */
    int *rowlens;               /*   rowlens[i] expressions */
    ast_expr ***rows;
    ast_alter_kind alter;
    char *column;               /* DROP/RENAME COLUMN */
    char *new_name;             /* RENAME COLUMN ... TO; CREATE INDEX name */
    ast_name new_table;         /* RENAME TO (1 to 3 parts) */
    int nassign;                /* UPDATE SET */
    ast_assign *assign;
    ast_expr *where;            /* UPDATE, DELETE; NULL = every row */
    ast_table_ref *source;      /* MERGE USING */
    ast_expr *on;               /* MERGE ON */
    int nclauses;               /* MERGE WHEN clauses, in order */
    ast_merge_clause *clauses;
} ast_write;

#endif
