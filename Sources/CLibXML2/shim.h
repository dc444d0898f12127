#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU: <libxml/encoding.h> would pull in the system
 * <unicode/ucnv.h>, which clashes with Foundation's bundled ICU headers ("'UErrorCode' has
 * different definitions in different modules"). We never touch the ICU-only fields of
 * xmlCharEncodingHandler (used by pointer only), so hide them. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/uri.h>
#include <libxml/entities.h>
#include <libxml/encoding.h>
/* xmlFree is a mutable global function pointer: Swift 6 refuses to reference it. */
static inline void vl_xmlFree(void *p) { xmlFree(p); }
#endif
