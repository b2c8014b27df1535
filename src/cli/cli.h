/* cli.h: the command-line layer: one table of commands (main.c) whose
 * entries declare their options; parsing, help text and the helpers every
 * command shares (opening the database, reporting errors). */
#ifndef KTXH_CLI_H
#define KTXH_CLI_H

#include <stdbool.h>

#include "core/buf.h"
#include "store/store.h"

#define CLI_MAXOPT 16
#define CLI_MAXPOS 8

/* Exit statuses. */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,		/* refused input, not found, failed check */
	EXIT_USAGE = 2		/* bad command line, unreadable file */
};

struct cli_opt {
	const char	*name;		/* without "--" */
	const char	*arg;		/* metavariable, or NULL for a flag */
	const char	*help;		/* Vietnamese */
	const char	*alias;		/* one-letter form ("o" for -o), or NULL */
};

struct cli;

struct cli_cmd {
	const char	*name;
	int		(*run)(struct cli *);
	const char	*args;		/* positional arguments, for usage */
	int		 minpos, maxpos;
	const char	*summary;	/* one line, Vietnamese */
	const char	*help;		/* more, or NULL */
	struct cli_opt	 opts[CLI_MAXOPT];	/* ends with a NULL name */
};

struct cli {
	const struct cli_cmd *cmd;
	const char	*db;			/* --db, $KTXH_DB or ktxh.db */
	const char	*pos[CLI_MAXPOS];
	int		 npos;
	const char	*val[CLI_MAXOPT];	/* per cmd->opts; NULL when absent */
};

extern const struct cli_cmd cli_commands[];

int	 cli_main(int argc, char **argv);
/* The value of option name, or NULL. */
const char *cli_get(const struct cli *, const char *name);
/* Print "ktxh CMD: msg" on stderr; returns code. */
int	 cli_fail(const struct cli *, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Write b to path ("-": standard output) through a temporary name, so that
 * no half file is left; on failure *err says which file. */
int	 cli_write_file(const char *path, const struct buf *b, struct buf *err);
/* Open the database, ready for use; on failure print and return NULL. */
struct store *cli_open(const struct cli *);

/* Command handlers (cmd_*.c). */
int	cmd_init(struct cli *);
int	cmd_import(struct cli *);
int	cmd_export(struct cli *);
int	cmd_gen(struct cli *);
int	cmd_set(struct cli *);
int	cmd_eval(struct cli *);
int	cmd_report(struct cli *);
int	cmd_text(struct cli *);
int	cmd_serve(struct cli *);
int	cmd_user(struct cli *);
int	cmd_token(struct cli *);
int	cmd_check(struct cli *);
int	cmd_extract(struct cli *);
int	cmd_backup(struct cli *);
int	cmd_restore(struct cli *);
int	cmd_audit(struct cli *);
int	cmd_sign(struct cli *);
int	cmd_verify(struct cli *);
int	cmd_bundle(struct cli *);
int	cmd_help(struct cli *);
int	cmd_version(struct cli *);

#endif
