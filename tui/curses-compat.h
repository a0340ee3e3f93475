/* The one place tui/ includes curses (wide-character ncurses). */
#ifndef OPSDECK_CURSES_COMPAT_H
#define OPSDECK_CURSES_COMPAT_H
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#endif
