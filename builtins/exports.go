package builtins

import "time"

// Strftime formats t with a C strftime(3) format (prompts' \D{fmt}).
func Strftime(format string, t time.Time) string {
	return string(appendStrftime(nil, format, t))
}

// Version is gsh's version, shown by --version, help and $GSH_VERSION.
const Version = "0.1.0"

// ParseOpts scans the leading options of args as bash's builtins do (see
// parseOpts): spec lists the letters, ':' after one takes an argument.
// On an error it has printed bash's message and usage; return status 2.
func ParseOpts(sh Shell, args []string, spec string) ([]Opt, []string, bool) {
	return parseOpts(sh, args, spec)
}
