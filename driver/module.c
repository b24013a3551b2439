/*
 * driver/module.c
 *   The one source of libmeshodbc.la, the loadable driver module.
 * Interface: none of its own (the exported SQL* entry points live in
 *   driver/odbc_api.c and driver/odbc_apiw.c, reached through
 *   libmeshdriver.la).
 * Not here: anything else.  The driver's code is in the convenience library
 *   libmeshdriver.la (driver/local.mk) and the engine's in libmeshengine.la;
 *   libtool links both in whole, and the export list in Makefile.am keeps
 *   every symbol but the ODBC entry points hidden.  Libtool needs at least
 *   one object of the module's own, hence this file.
 */

/*
 * Returns the driver's name.  Not exported (the export list keeps only
 * SQL*, ConfigDSN and ConfigDriver); it only gives this file an object.
 */
const char *drv__module_name(void);

const char *drv__module_name(void)
{
    return "MeshODBC";
}
