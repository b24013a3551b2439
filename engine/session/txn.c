/*
 * engine/session/txn.c
 *   A session's transaction: transaction mode (autocommit off, or START
 *   TRANSACTION), the one catalog a transaction may write, its remote
 *   transaction, and what a failed statement does to it.
 * Interface: sess_txn_mode, sess_txn_statement, sess_txn_write,
 *   sess_txn_fail, sess_txn_start, sess_txn_end, sess_txn_in_progress.
 * Not here: when these are called (the façade, engine.c), the remote
 *   BEGIN/COMMIT/ROLLBACK (the connector's txn_begin/txn_end).
 *
 * Rules, Trino's where Trino has one:
 * - A transaction begins with the first statement executed in
 *   transaction mode and ends at COMMIT or ROLLBACK (SQLEndTran, the SQL
 *   statements, or autocommit switched back on, which commits).
 * - It writes to one catalog ("Multi-catalog writes not supported in a
 *   single transaction. Already wrote to catalog x"). That catalog's
 *   remote transaction opens at the first write, and from then on every
 *   read of the catalog goes through it, so the transaction sees its own
 *   writes. Other catalogs are read outside it, each statement seeing
 *   their committed state: READ COMMITTED is the only isolation level.
 * - A statement that fails while executing aborts the transaction, as
 *   in Trino and PostgreSQL: its remote transaction is rolled back at
 *   once, and every later statement fails with 25P02 ("Current
 *   transaction is aborted, commands ignored until end of transaction
 *   block") until the application ends the transaction; a commit then
 *   fails with 40000 (rolled back). Errors found while preparing (syntax,
 *   unknown names) touch nothing and do not abort.
 */
#include "session.h"

bool sess_txn_mode(const eng_conn *c)
{
    return c->autocommit_off || c->txn_explicit;
}

bool sess_txn_in_progress(const eng_conn *c)
{
    return sess_txn_mode(c) && c->txn_active;
}

eng_rc sess_txn_statement(eng_conn *c, bool txn_control, eng_error *err)
{
    if (!sess_txn_mode(c))
        return ENG_OK;
    if (c->txn_failed && !txn_control)
        return eng_err_set(err, ENG_ERR_IN_FAILED_SQL_TRANSACTION, 0,
                           "Current transaction is aborted, commands "
                           "ignored until end of transaction block");
    c->txn_active = true;
    return ENG_OK;
}

/* Ends cat's remote transaction, if one is open; ENG_OK without one. */
static eng_rc remote_end(eng_conn *c, bool commit, eng_error *err)
{
    eng_catalog *cat = c->txn_cat;
    c->txn_cat = NULL;
    if (!cat || !cat->state)
        return ENG_OK;
    return cat->ops->txn_end(cat->state, commit, err);
}

eng_rc sess_txn_write(eng_conn *c, eng_catalog *cat, eng_error *err)
{
    void *state;
    eng_rc rc;

    if (!sess_txn_mode(c) || c->txn_cat == cat)
        return ENG_OK;
    if (c->txn_read_only) {
        eng_err_set(err, ENG_ERR_READ_ONLY_SQL_TRANSACTION, 0,
                    "Cannot execute write in a read-only transaction "
                    "(catalog '%s')", cat->name);
        return ENG_ERROR;
    }
    if (c->txn_cat) {
        eng_err_set(err, ENG_ERR_INVALID_TRANSACTION_STATE, 0,
                    "Multi-catalog writes not supported in a single "
                    "transaction. Already wrote to catalog '%s'; cannot "
                    "write to catalog '%s' in the same transaction",
                    c->txn_cat->name, cat->name);
        eng_err_set_source(err, cat->name);
        return ENG_ERROR;
    }
    if (!cat->ops->txn_begin || !cat->ops->txn_end) {
        eng_err_set(err, ENG_ERR_FEATURE_NOT_SUPPORTED, 0,
                    "Catalog '%s' only supports writes using autocommit",
                    cat->name);
        eng_err_set_source(err, cat->name);
        return ENG_ERROR;
    }
    if ((rc = sess_catalog_state(cat, &state, err)) != ENG_OK ||
        (rc = cat->ops->txn_begin(state, err)) != ENG_OK)
        return rc;
    c->txn_cat = cat;
    return ENG_OK;
}

void sess_txn_fail(eng_conn *c)
{
    if (!sess_txn_mode(c))
        return;
    c->txn_failed = true;
    c->txn_active = true;
    remote_end(c, false, NULL);     /* a failed rollback leaves nothing */
    sess_mc_flush(c->mcache);       /* DDL of the transaction is undone */
}

eng_rc sess_txn_start(eng_conn *c, bool read_only, eng_error *err)
{
    if (c->txn_explicit || (c->autocommit_off && c->txn_active))
        return eng_err_set(err, ENG_ERR_ACTIVE_SQL_TRANSACTION, 0,
                           "Nested transactions not supported");
    if (!c->autocommit_off)
        c->txn_explicit = true;
    c->txn_active = true;
    c->txn_read_only = read_only;
    return ENG_OK;
}

eng_rc sess_txn_end(eng_conn *c, bool commit, eng_error *err)
{
    bool failed = c->txn_failed;
    eng_rc rc = remote_end(c, commit && !failed, err);
    /* a rollback undoes the transaction's DDL: forget what was read */
    sess_mc_flush(c->mcache);
    c->txn_explicit = false;
    c->txn_active = false;
    c->txn_failed = false;
    c->txn_read_only = false;
    if (rc == ENG_OK && commit && failed)
        rc = eng_err_set(err, ENG_ERR_TRANSACTION_ROLLBACK, 0,
                         "Transaction was rolled back: a statement in it "
                         "failed");
    return rc;
}
