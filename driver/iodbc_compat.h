/*
 * driver/iodbc_compat.h
 *   For the iODBC build only (configure --with-iodbc; force-included by
 *   driver/local.mk): iODBC 3.52's headers stop at ODBC 3.52, so the ODBC
 *   3.80 constants the driver answers with are defined here, with the
 *   values of the ODBC specification (and of unixODBC's headers).
 * Interface: the missing SQL_* constants.
 * Not here: anything the iODBC headers define (they come first).
 */
#ifndef DRV_IODBC_COMPAT_H
#define DRV_IODBC_COMPAT_H

#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>

#ifndef SQL_OV_ODBC3_80
#define SQL_OV_ODBC3_80 380UL
#endif
#ifndef SQL_CONVERT_GUID
#define SQL_CONVERT_GUID 173
#endif
#ifndef SQL_ASYNC_DBC_FUNCTIONS
#define SQL_ASYNC_DBC_FUNCTIONS 10023
#endif
#ifndef SQL_ASYNC_DBC_NOT_CAPABLE
#define SQL_ASYNC_DBC_NOT_CAPABLE 0x00000000L
#endif
#ifndef SQL_DRIVER_AWARE_POOLING_SUPPORTED
#define SQL_DRIVER_AWARE_POOLING_SUPPORTED 10024
#endif
#ifndef SQL_DRIVER_AWARE_POOLING_NOT_CAPABLE
#define SQL_DRIVER_AWARE_POOLING_NOT_CAPABLE 0x00000000L
#endif
#ifndef SQL_ASYNC_NOTIFICATION
#define SQL_ASYNC_NOTIFICATION 10025
#endif
#ifndef SQL_ASYNC_NOTIFICATION_NOT_CAPABLE
#define SQL_ASYNC_NOTIFICATION_NOT_CAPABLE 0x00000000L
#endif
#ifndef SQL_ATTR_RESET_CONNECTION
#define SQL_ATTR_RESET_CONNECTION 116
#endif
#ifndef SQL_ATTR_ASYNC_DBC_FUNCTIONS_ENABLE
#define SQL_ATTR_ASYNC_DBC_FUNCTIONS_ENABLE 117
#endif

#endif
