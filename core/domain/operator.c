#include "autoconfig.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "operator.h"
#include "xalloc.h"

char *
operator_resolve(const char *configured)
{
	const char *user = getenv("USER");
	struct passwd *pw;

	if (configured != NULL && *configured != '\0')
		return xstrdup(configured);
	if (user != NULL && *user != '\0')
		return xstrdup(user);
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_name != NULL)
		return xstrdup(pw->pw_name);
	return xasprintf("uid %u", (unsigned)getuid());
}
