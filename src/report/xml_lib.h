/* xml_lib.h — libxml2 (reading HTML pages, DOCX and OFD reports: report/parse_html.c, read_docx.c,
 * read_ofd.c), loaded when the first of them is read. Linked normally it brought ICU (libicuuc with its
 * data library), liblzma and libstdc++ into every process.
 *
 * Include this header instead of the library's own; it includes those headers for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. xmlFree is a variable of libxml2 (a pointer to
 * the function that frees what the library allocated, so that an application may replace it): the table
 * holds its address. */
#ifndef GONGKAI_REPORT_XML_LIB_H
#define GONGKAI_REPORT_XML_LIB_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stddef.h>

#include "util/dl.h"

#define GK_XML_FUNCTIONS(X, T)                                                                                         \
	X(T, htmlReadMemory)                                                                                           \
	X(T, xmlDocGetRootElement)                                                                                     \
	X(T, xmlFree)                                                                                                  \
	X(T, xmlFreeDoc)                                                                                               \
	X(T, xmlFreeTextReader)                                                                                        \
	X(T, xmlGetProp)                                                                                               \
	X(T, xmlReaderForMemory)                                                                                       \
	X(T, xmlTextReaderConstLocalName)                                                                              \
	X(T, xmlTextReaderConstNamespaceUri)                                                                           \
	X(T, xmlTextReaderConstValue)                                                                                  \
	X(T, xmlTextReaderDepth)                                                                                       \
	X(T, xmlTextReaderGetAttribute)                                                                                \
	X(T, xmlTextReaderGetAttributeNs)                                                                              \
	X(T, xmlTextReaderIsEmptyElement)                                                                              \
	X(T, xmlTextReaderNodeType)                                                                                    \
	X(T, xmlTextReaderRead)                                                                                        \
	X(T, xmlTextReaderReadString)

/* gk_xml_load() opens libxml2.so.2 (Debian package libxml2) or says why not; gk_xml() is the table of the call
 * sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_xml, GK_XML_FUNCTIONS);

#ifndef GK_XML_TABLE_ONLY
#define htmlReadMemory		       (gk_xml()->htmlReadMemory)
#define xmlDocGetRootElement	       (gk_xml()->xmlDocGetRootElement)
#define xmlFree			       (*gk_xml()->xmlFree) /* a variable: the table holds its address */
#define xmlFreeDoc		       (gk_xml()->xmlFreeDoc)
#define xmlFreeTextReader	       (gk_xml()->xmlFreeTextReader)
#define xmlGetProp		       (gk_xml()->xmlGetProp)
#define xmlReaderForMemory	       (gk_xml()->xmlReaderForMemory)
#define xmlTextReaderConstLocalName    (gk_xml()->xmlTextReaderConstLocalName)
#define xmlTextReaderConstNamespaceUri (gk_xml()->xmlTextReaderConstNamespaceUri)
#define xmlTextReaderConstValue	       (gk_xml()->xmlTextReaderConstValue)
#define xmlTextReaderDepth	       (gk_xml()->xmlTextReaderDepth)
#define xmlTextReaderGetAttribute      (gk_xml()->xmlTextReaderGetAttribute)
#define xmlTextReaderGetAttributeNs    (gk_xml()->xmlTextReaderGetAttributeNs)
#define xmlTextReaderIsEmptyElement    (gk_xml()->xmlTextReaderIsEmptyElement)
#define xmlTextReaderNodeType	       (gk_xml()->xmlTextReaderNodeType)
#define xmlTextReaderRead	       (gk_xml()->xmlTextReaderRead)
#define xmlTextReaderReadString	       (gk_xml()->xmlTextReaderReadString)
#endif

#endif
