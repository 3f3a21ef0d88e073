/* pq_lib.h — libpq (the PostgreSQL client), loaded when a store on PostgreSQL opens.
 *
 * Include this header instead of the library's own; it includes that header for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. */
#ifndef GONGKAI_STORAGE_PQ_LIB_H
#define GONGKAI_STORAGE_PQ_LIB_H

#include <libpq-fe.h>
#include <stddef.h>

#include "util/dl.h"

#define GK_PQ_FUNCTIONS(X, T)                                                                                          \
	X(T, PQclear)                                                                                                  \
	X(T, PQcmdTuples)                                                                                              \
	X(T, PQconnectdb)                                                                                              \
	X(T, PQenterPipelineMode)                                                                                      \
	X(T, PQerrorMessage)                                                                                           \
	X(T, PQexec)                                                                                                   \
	X(T, PQexecParams)                                                                                             \
	X(T, PQexecPrepared)                                                                                           \
	X(T, PQexitPipelineMode)                                                                                       \
	X(T, PQfinish)                                                                                                 \
	X(T, PQfreemem)                                                                                                \
	X(T, PQftype)                                                                                                  \
	X(T, PQgetResult)                                                                                              \
	X(T, PQgetisnull)                                                                                              \
	X(T, PQgetlength)                                                                                              \
	X(T, PQgetvalue)                                                                                               \
	X(T, PQnfields)                                                                                                \
	X(T, PQntuples)                                                                                                \
	X(T, PQpipelineStatus)                                                                                         \
	X(T, PQpipelineSync)                                                                                           \
	X(T, PQprepare)                                                                                                \
	X(T, PQputCopyData)                                                                                            \
	X(T, PQputCopyEnd)                                                                                             \
	X(T, PQreset)                                                                                                  \
	X(T, PQresultErrorField)                                                                                       \
	X(T, PQresultStatus)                                                                                           \
	X(T, PQsendQuery)                                                                                              \
	X(T, PQsendQueryPrepared)                                                                                      \
	X(T, PQsetNoticeProcessor)                                                                                     \
	X(T, PQsetSingleRowMode)                                                                                       \
	X(T, PQstatus)                                                                                                 \
	X(T, PQtransactionStatus)                                                                                      \
	X(T, PQunescapeBytea)

/* gk_pq_load() opens libpq.so.5 (Debian package libpq5) or says why not; gk_pq() is the table of the
 * call sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_pq, GK_PQ_FUNCTIONS);

#ifndef GK_PQ_TABLE_ONLY
#define PQclear		     (gk_pq()->PQclear)
#define PQcmdTuples	     (gk_pq()->PQcmdTuples)
#define PQconnectdb	     (gk_pq()->PQconnectdb)
#define PQenterPipelineMode  (gk_pq()->PQenterPipelineMode)
#define PQerrorMessage	     (gk_pq()->PQerrorMessage)
#define PQexec		     (gk_pq()->PQexec)
#define PQexecParams	     (gk_pq()->PQexecParams)
#define PQexecPrepared	     (gk_pq()->PQexecPrepared)
#define PQexitPipelineMode   (gk_pq()->PQexitPipelineMode)
#define PQfinish	     (gk_pq()->PQfinish)
#define PQfreemem	     (gk_pq()->PQfreemem)
#define PQftype		     (gk_pq()->PQftype)
#define PQgetResult	     (gk_pq()->PQgetResult)
#define PQgetisnull	     (gk_pq()->PQgetisnull)
#define PQgetlength	     (gk_pq()->PQgetlength)
#define PQgetvalue	     (gk_pq()->PQgetvalue)
#define PQnfields	     (gk_pq()->PQnfields)
#define PQntuples	     (gk_pq()->PQntuples)
#define PQpipelineStatus     (gk_pq()->PQpipelineStatus)
#define PQpipelineSync	     (gk_pq()->PQpipelineSync)
#define PQprepare	     (gk_pq()->PQprepare)
#define PQputCopyData	     (gk_pq()->PQputCopyData)
#define PQputCopyEnd	     (gk_pq()->PQputCopyEnd)
#define PQreset		     (gk_pq()->PQreset)
#define PQresultErrorField   (gk_pq()->PQresultErrorField)
#define PQresultStatus	     (gk_pq()->PQresultStatus)
#define PQsendQuery	     (gk_pq()->PQsendQuery)
#define PQsendQueryPrepared  (gk_pq()->PQsendQueryPrepared)
#define PQsetNoticeProcessor (gk_pq()->PQsetNoticeProcessor)
#define PQsetSingleRowMode   (gk_pq()->PQsetSingleRowMode)
#define PQstatus	     (gk_pq()->PQstatus)
#define PQtransactionStatus  (gk_pq()->PQtransactionStatus)
#define PQunescapeBytea	     (gk_pq()->PQunescapeBytea)
#endif

#endif
