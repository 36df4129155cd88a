/*
 * editor_latency WINDOW-ID < SCRIPT
 *
 * Drives a window under X (Xvfb) with XTest and times how long each input
 * takes to show on screen, for bench/editor_session.sh.
 *
 * Why from outside: the figure a user feels is from the input event to the
 * changed pixels. Measured inside the app it would miss the time the event
 * waits in the X queue while the UI thread is busy (Fyne reads events only
 * between its own frames and queued callbacks) and the paint and swap after
 * the handler. Here the input is sent with XTest and the window's drawing is
 * watched with the Damage extension (raw rectangles: one event per drawing
 * request, no polling, no screenshots), so the figure covers all of it.
 *
 * Each action first waits until the window has been quiet (no drawing) for
 * 250 ms, at most 10 s, so the change it is charged with is its own. It
 * prints one line:
 *   latency NAME first=MS settle=MS
 * first: input sent -> first drawing of the window (the answer);
 * settle: -> the last drawing before 400 ms of quiet (asynchronous work it
 * started, like a preview frame or thumbnails, included; capped at 5 s).
 * "busy" instead when the window never went quiet (playing), "none" when
 * nothing was drawn within 2 s.
 *
 * Script lines (coordinates relative to the window):
 *   move X Y                  pointer move, not timed
 *   click NAME X Y [BUTTON]   press and release, timed
 *   key NAME KEYS             e.g. "key undo ctrl+z", "key play space", timed
 *   wheel NAME X Y up|down [ctrl]  one wheel notch (Ctrl held), timed
 *   sleep MS
 *
 * The Damage and XTest prototypes are declared here (stable since X11R6/
 * XFree86 4) so only the runtime libraries are needed, which Xvfb's GL
 * stack already pulls in; the build links them by soname.
 */
#define _POSIX_C_SOURCE 200809L
#include <X11/Xlib.h>
#include <X11/keysym.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

typedef XID Damage;
#define XDamageReportRawRectangles 0
#define XDamageNotify 0
Bool XDamageQueryExtension(Display *, int *, int *);
Damage XDamageCreate(Display *, Drawable, int);
int XTestFakeKeyEvent(Display *, unsigned int, Bool, unsigned long);
int XTestFakeButtonEvent(Display *, unsigned int, Bool, unsigned long);
int XTestFakeMotionEvent(Display *, int, int, int, unsigned long);

static Display *dpy;
static Window win;
static int damage_base;

static double now_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* drained reads every pending event; returns 1 when one was a damage. */
static int drained(void) {
	int hit = 0;
	while (XPending(dpy)) {
		XEvent ev;
		XNextEvent(dpy, &ev);
		if (ev.type == damage_base + XDamageNotify)
			hit = 1;
	}
	return hit;
}

/* wait_damage waits up to ms for a drawing; returns its time or -1. */
static double wait_damage(double ms) {
	double end = now_ms() + ms;
	for (;;) {
		if (drained())
			return now_ms();
		double left = end - now_ms();
		if (left <= 0)
			return -1;
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(ConnectionNumber(dpy), &fds);
		struct timeval tv = {(long)(left / 1e3), (long)((left - (long)(left / 1e3) * 1e3) * 1e3)};
		select(ConnectionNumber(dpy) + 1, &fds, NULL, NULL, &tv);
	}
}

/* quiet waits until no drawing for q ms (max total ms); 1 when quiet. */
static int quiet(double q, double max) {
	double end = now_ms() + max;
	while (now_ms() < end)
		if (wait_damage(q) < 0)
			return 1;
	return 0;
}

static void pointer(int x, int y) {
	XWindowAttributes a;
	Window child;
	int rx, ry;
	XGetWindowAttributes(dpy, win, &a);
	XTranslateCoordinates(dpy, win, a.root, x, y, &rx, &ry, &child);
	XTestFakeMotionEvent(dpy, -1, rx, ry, CurrentTime);
}

/* keys presses "ctrl+shift+z"-style chords (down in order, up reversed). */
static void keys(const char *spec) {
	char buf[128];
	KeyCode codes[8];
	int n = 0;
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *s = strtok(buf, "+"); s && n < 8; s = strtok(NULL, "+")) {
		const char *name = !strcmp(s, "ctrl") ? "Control_L" : !strcmp(s, "shift") ? "Shift_L" : s;
		KeySym ks = XStringToKeysym(name);
		if (ks == NoSymbol) {
			fprintf(stderr, "editor_latency: unknown key %s\n", s);
			exit(2);
		}
		codes[n++] = XKeysymToKeycode(dpy, ks);
	}
	for (int i = 0; i < n; i++)
		XTestFakeKeyEvent(dpy, codes[i], True, CurrentTime);
	for (int i = n - 1; i >= 0; i--)
		XTestFakeKeyEvent(dpy, codes[i], False, CurrentTime);
}

/* timed sends the input that send() makes and reports its latency. */
static void timed(const char *name, void (*send)(void *), void *arg) {
	if (!quiet(250, 10000)) {
		send(arg);
		XFlush(dpy);
		printf("latency %s busy\n", name);
		fflush(stdout);
		quiet(250, 3000);
		return;
	}
	double t0 = now_ms();
	send(arg);
	XFlush(dpy);
	double first = wait_damage(2000);
	if (first < 0) {
		printf("latency %s none\n", name);
		fflush(stdout);
		return;
	}
	double last = first, t;
	while ((t = wait_damage(400)) >= 0 && t - t0 < 5000)
		last = t;
	printf("latency %s first=%.1f settle=%.1f\n", name, first - t0, last - t0);
	fflush(stdout);
}

struct btn {
	int b, ctrl;
};

static void send_button(void *p) {
	struct btn *b = p;
	KeyCode c = XKeysymToKeycode(dpy, XK_Control_L);
	if (b->ctrl)
		XTestFakeKeyEvent(dpy, c, True, CurrentTime);
	XTestFakeButtonEvent(dpy, b->b, True, CurrentTime);
	XTestFakeButtonEvent(dpy, b->b, False, CurrentTime);
	if (b->ctrl)
		XTestFakeKeyEvent(dpy, c, False, CurrentTime);
}

static void send_keys(void *p) { keys(p); }

int main(int argc, char **argv) {
	if (argc != 2) {
		fprintf(stderr, "usage: editor_latency WINDOW-ID < SCRIPT\n");
		return 2;
	}
	dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "editor_latency: cannot open display\n");
		return 1;
	}
	int err;
	if (!XDamageQueryExtension(dpy, &damage_base, &err)) {
		fprintf(stderr, "editor_latency: no Damage extension\n");
		return 1;
	}
	win = (Window)strtoul(argv[1], NULL, 0);
	XDamageCreate(dpy, win, XDamageReportRawRectangles);
	char line[256], name[64], arg[64], mod[16];
	int x, y, x2;
	while (fgets(line, sizeof line, stdin)) {
		mod[0] = 0;
		if (sscanf(line, "move %d %d", &x, &y) == 2) {
			pointer(x, y);
			XFlush(dpy);
		} else if (sscanf(line, "sleep %d", &x) == 1) {
			XSync(dpy, False);
			struct timespec t = {x / 1000, (x % 1000) * 1000000L};
			nanosleep(&t, NULL);
			drained();
		} else if (sscanf(line, "click %63s %d %d %d", name, &x, &y, &x2) >= 3) {
			struct btn b = {sscanf(line, "click %*s %*d %*d %d", &x2) == 1 ? x2 : 1, 0};
			pointer(x, y);
			XFlush(dpy);
			timed(name, send_button, &b);
		} else if (sscanf(line, "key %63s %63s", name, arg) == 2) {
			timed(name, send_keys, arg);
		} else if (sscanf(line, "wheel %63s %d %d %63s %15s", name, &x, &y, arg, mod) >= 4) {
			struct btn b = {strcmp(arg, "up") ? 5 : 4, !strcmp(mod, "ctrl")};
			pointer(x, y);
			XFlush(dpy);
			timed(name, send_button, &b);
		} else if (line[0] != '\n' && line[0] != '#') {
			fprintf(stderr, "editor_latency: cannot read: %s", line);
			return 2;
		}
	}
	XCloseDisplay(dpy);
	return 0;
}
