/* xml_lib.c — the table of xml_lib.h: the symbols of libxml2.so.2 resolved on first use (util/dl.h). */
#define GK_XML_TABLE_ONLY
#include "report/xml_lib.h"

DL_DEFINE_LIBRARY(gk_xml, GK_XML_FUNCTIONS, "libxml2.so.2", "libxml2")
