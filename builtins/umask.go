package builtins

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

func init() {
	Register(&Builtin{Name: "umask", Fn: umaskBuiltin, Usage: "umask [-p] [-S] [mode]"})
}

// currentUmask reads the process umask (there is no way to read it
// without setting it).
func currentUmask() int {
	m := unix.Umask(0o22)
	unix.Umask(m)
	return m
}

func umaskBuiltin(sh Shell, args []string) int {
	opts, rest, ok := parseOpts(sh, args, "Sp")
	if !ok {
		return 2
	}
	var symbolic, reusable bool
	for _, o := range opts {
		if o.C == 'S' {
			symbolic = true
		} else {
			reusable = true
		}
	}
	if len(rest) > 0 {
		mode := rest[0]
		var mask int
		if mode != "" && mode[0] >= '0' && mode[0] <= '9' {
			m, ok := parseOctalMode(mode)
			if !ok {
				sh.Errorf("umask: %s: octal number out of range", mode)
				return 1
			}
			mask = m
		} else {
			bits, err := symbolicMode(mode, ^currentUmask()&0o777)
			if err != "" {
				sh.Errorf("umask: %s", err)
				return 1
			}
			mask = ^bits & 0o777
		}
		unix.Umask(mask)
		if symbolic {
			return builtinWrite(sh, "umask", symbolicUmask(mask), 0)
		}
		return 0
	}
	mask := currentUmask()
	out := ""
	if reusable {
		out = "umask "
		if symbolic {
			out = "umask -S "
		}
	}
	if symbolic {
		out += symbolicUmask(mask)
	} else {
		out += fmt.Sprintf("%04o\n", mask)
	}
	return builtinWrite(sh, "umask", out, 0)
}

// parseOctalMode is bash's read_octal: octal digits only, at most 07777.
func parseOctalMode(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '7' {
			return 0, false
		}
		n = n*8 + int(s[i]-'0')
		if n > 0o7777 {
			return 0, false
		}
	}
	return n, true
}

// symbolicUmask shows the permissions a mask leaves: u=rwx,g=rx,o=rx.
func symbolicUmask(mask int) string {
	var b strings.Builder
	for i, who := range []string{"u", "g", "o"} {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(who + "=")
		shift := uint(6 - 3*i)
		for j, c := range "rwx" {
			if mask>>shift&(4>>j) == 0 {
				b.WriteRune(c)
			}
		}
	}
	b.WriteByte('\n')
	return b.String()
}

// symbolicMode applies a chmod-style mode ("u=rwx,g-w,+x") to the
// permission bits and returns the result, or bash's error message.
func symbolicMode(mode string, bits int) (int, string) {
	s := mode
	for {
		who := 0
		for len(s) > 0 && strings.IndexByte("agou", s[0]) >= 0 {
			switch s[0] {
			case 'u':
				who |= 0o700
			case 'g':
				who |= 0o070
			case 'o':
				who |= 0o007
			case 'a':
				who |= 0o777
			}
			s = s[1:]
		}
		var op byte
		if len(s) > 0 {
			op = s[0]
			s = s[1:]
		}
		if op != '+' && op != '-' && op != '=' {
			return 0, fmt.Sprintf("'%c': invalid symbolic mode operator", op)
		}
		perm := 0
		for len(s) > 0 && strings.IndexByte("rwx", s[0]) >= 0 {
			switch s[0] {
			case 'r':
				perm |= 0o444
			case 'w':
				perm |= 0o222
			case 'x':
				perm |= 0o111
			}
			s = s[1:]
		}
		if len(s) > 0 && s[0] != ',' {
			return 0, fmt.Sprintf("'%c': invalid symbolic mode character", s[0])
		}
		if who != 0 {
			perm &= who
		}
		switch op {
		case '+':
			bits |= perm
		case '-':
			bits &^= perm
		case '=':
			if who == 0 {
				who = 0o777
			}
			bits = bits&^who | perm
		}
		if len(s) == 0 {
			return bits, ""
		}
		s = s[1:]
	}
}
