package builtins

import "time"

// Strftime formats t with a C strftime(3) format (prompts' \D{fmt}).
func Strftime(format string, t time.Time) string {
	return string(appendStrftime(nil, format, t))
}

// Version is gsh's version, shown by --version, help and $GSH_VERSION.
const Version = "0.1.0"
