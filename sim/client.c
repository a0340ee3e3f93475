#include "autoconfig.h"

/*
 * opsdeck-sim --set: the control endpoint's client, so that a deploy
 * command needs neither curl nor a shell.  It is a short-lived command on
 * no loop, so it uses plain blocking sockets with a timeout on every call
 * (on Linux SO_SNDTIMEO bounds connect(2) too).  One request with
 * Connection: close; the answer is read to the end of the stream.
 */

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "sim.h"

#define CLIENT_TIMEOUT_S	5
#define ANSWER_MAX		4096	/* the status line and a body line */

/* errno as words; a timed-out call says so instead of EAGAIN's text. */
static const char *
error_words(int err)
{
	if (err == EAGAIN || err == EWOULDBLOCK || err == EINPROGRESS)
		return "timed out";
	return strerror(err);
}

static void
timeouts_set(int fd)
{
	struct timeval tv = { CLIENT_TIMEOUT_S, 0 };

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* A socket connected to one of ai's addresses, or -1 with *err set. */
static int
connect_any(const struct addrinfo *ai, int *err)
{
	int fd;

	for (; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd < 0) {
			*err = errno;
			continue;
		}
		timeouts_set(fd);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			return fd;
		*err = errno;
		close(fd);
	}
	return -1;
}

/* A socket connected to host:port, or -1 after a message on stderr. */
static int
connect_to(const char *host, int port)
{
	struct addrinfo hints, *res;
	char service[8];
	int fd, r, err = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(service, sizeof service, "%d", port);
	if ((r = getaddrinfo(host, service, &hints, &res)) != 0) {
		fprintf(stderr, "opsdeck-sim: %s: %s\n", host, gai_strerror(r));
		return -1;
	}
	if ((fd = connect_any(res, &err)) < 0)
		fprintf(stderr, "opsdeck-sim: cannot connect to %s port %d: "
		    "%s\n", host, port, error_words(err));
	freeaddrinfo(res);
	return fd;
}

static int
send_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = send(fd, p, n, MSG_NOSIGNAL)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads up to cap - 1 bytes, to the end of the stream; NUL-terminated.
 * Its length, or -1. */
static ssize_t
answer_read(int fd, char *answer, size_t cap)
{
	size_t len = 0;
	ssize_t r;

	while (len + 1 < cap) {
		if ((r = recv(fd, answer + len, cap - 1 - len, 0)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	answer[len] = '\0';
	return (ssize_t)len;
}

static void
request_build(struct buf *b, const char *host, int port, const char *spec)
{
	int v6 = strchr(host, ':') != NULL;

	buf_printf(b, "PUT " CONTROL_PATH " HTTP/1.1\r\n"
	    "Host: %s%s%s:%d\r\nUser-Agent: opsdeck-sim\r\n"
	    "Content-Type: text/plain\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n%s", v6 ? "[" : "", host, v6 ? "]" : "",
	    port, strlen(spec), spec);
}

/* The status code and the body's first line, cut in place; -1 if answer
 * is no HTTP answer. */
static int
answer_parse(char *answer, int *code, const char **line)
{
	char *body;

	if (strncmp(answer, "HTTP/1.", 7) != 0 || answer[8] != ' ' ||
	    sscanf(answer + 9, "%3d", code) != 1)
		return -1;
	body = strstr(answer, "\r\n\r\n");
	body = body != NULL ? body + 4 : answer + strlen(answer);
	body[strcspn(body, "\r\n")] = '\0';
	*line = body;
	return 0;
}

/* Prints "CODE LINE", on stdout for a 200, on stderr otherwise; the line
 * is printed with anything but printable ASCII as '?'. */
static int
answer_print(int code, const char *line)
{
	FILE *out = code == 200 ? stdout : stderr;
	const char *p;

	fprintf(out, "%s%d ", code == 200 ? "" : "opsdeck-sim: ", code);
	for (p = line; *p != '\0'; p++)
		fputc(*p >= ' ' && *p <= '~' ? *p : '?', out);
	fputc('\n', out);
	fflush(out);
	return code == 200 ? 0 : 1;
}

int
control_send(const char *host, int port, const char *spec)
{
	struct buf req = BUF_INIT;
	char answer[ANSWER_MAX];
	const char *line;
	ssize_t n = -1;
	int fd, code;

	if ((fd = connect_to(host, port)) < 0)
		return 1;
	request_build(&req, host, port, spec);
	if (send_all(fd, req.s, req.len) == 0)
		n = answer_read(fd, answer, sizeof answer);
	if (n < 0)
		fprintf(stderr, "opsdeck-sim: %s port %d: %s\n", host, port,
		    error_words(errno));
	close(fd);
	buf_free(&req);
	if (n < 0)
		return 1;
	if (answer_parse(answer, &code, &line) != 0) {
		fprintf(stderr, "opsdeck-sim: %s port %d: no HTTP answer\n",
		    host, port);
		return 1;
	}
	return answer_print(code, line);
}
