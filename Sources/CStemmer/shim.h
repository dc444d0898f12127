#ifndef CSTEMMER_SHIM_H
#define CSTEMMER_SHIM_H
/* Snowball's own C library (Debian libstemmer-dev; no pkg-config file, hence `link "stemmer"`).
 * An sb_stemmer keeps per-call state: never share one between threads. */
#include <libstemmer.h>
#endif
