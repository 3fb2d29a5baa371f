package builtins

import (
	"fmt"
	"strings"
)

// pushd, popd and dirs, after bash's pushd.def. They take no getopt-style
// options: each flag is a word of its own, and +N/-N count from the left
// or right of the list "cwd stack[0] stack[1] ...".

// isDirOpt reports a word that is exactly "-c".
func isDirOpt(w string, c byte) bool { return len(w) == 2 && w[0] == '-' && w[1] == c }

func physicalOpt(sh Shell) bool {
	on, _ := sh.Option("physical")
	return on
}

// cdTo changes to dir as bash's cd_to_string does, and lists the stack.
func cdTo(sh Shell, name, dir string) int {
	st := changeDir(sh, name, []string{dir}, physicalOpt(sh))
	if st == 0 {
		printDirs(sh, false, false, false)
	}
	return st
}

func stackIndexError(sh Shell, name string, n int, arg string) {
	if n == 0 {
		sh.Errorf("%s: directory stack empty", name)
	} else {
		sh.Errorf("%s: %s: directory stack index out of range", name, arg)
	}
}

func pushdBuiltin(sh Shell, args []string) int {
	rest := args[1:]
	if helpWanted(sh, "pushd", rest) {
		return 2
	}
	skipOpt := len(rest) > 0 && rest[0] == "--"
	if skipOpt {
		rest = rest[1:]
	}
	stack := sh.DirStack()
	if len(rest) == 0 {
		if len(*stack) == 0 {
			sh.Errorf("pushd: no other directory")
			return 1
		}
		top := (*stack)[0]
		(*stack)[0] = sh.Cwd()
		return cdTo(sh, "pushd", top)
	}
	noCD, rotate := false, false
	var num int64
	for !skipOpt && len(rest) > 0 {
		w := rest[0]
		if isDirOpt(w, 'n') {
			noCD = true
			rest = rest[1:]
			continue
		}
		if w == "--" {
			rest = rest[1:]
			break
		}
		if w == "-" || w[0] != '+' && w[0] != '-' {
			break
		}
		n, ok := legalNumber(w[1:])
		if !ok {
			sh.Errorf("pushd: %s: invalid number", w)
			PrintUsage(sh, "pushd")
			return 2
		}
		if w[0] == '-' {
			n = int64(len(*stack)) - n
		}
		if n > int64(len(*stack)) || n < 0 {
			stackIndexError(sh, "pushd", len(*stack), w)
			return 1
		}
		rotate, num = true, n
		break
	}
	if rotate {
		// The current directory is part of the ring being rotated.
		temp := sh.Cwd()
		for ; num > 0; num-- {
			top := (*stack)[0]
			*stack = append((*stack)[1:], temp)
			temp = top
		}
		if noCD {
			return 0
		}
		return cdTo(sh, "pushd", temp)
	}
	if len(rest) == 0 {
		return 0
	}
	cwd := sh.Cwd()
	entry := cwd
	if noCD {
		entry = rest[0]
	} else if st := changeDir(sh, "pushd", rest, physicalOpt(sh)); st != 0 {
		return st
	}
	*stack = append([]string{entry}, *stack...)
	printDirs(sh, false, false, false)
	return 0
}

func popdBuiltin(sh Shell, args []string) int {
	rest := args[1:]
	if helpWanted(sh, "popd", rest) {
		return 2
	}
	var which int64
	direction := byte('+')
	noCD := false
	whichWord := ""
	for ; len(rest) > 0; rest = rest[1:] {
		w := rest[0]
		if isDirOpt(w, 'n') {
			noCD = true
			continue
		}
		if w == "--" {
			break
		}
		if w == "" {
			direction = 0
			break
		}
		direction = w[0]
		if direction != '+' && direction != '-' {
			sh.Errorf("popd: %s: invalid argument", w)
			PrintUsage(sh, "popd")
			return 2
		}
		n, ok := legalNumber(w[1:])
		if !ok {
			sh.Errorf("popd: %s: invalid number", w)
			PrintUsage(sh, "popd")
			return 2
		}
		which, whichWord = n, w
	}
	stack := sh.DirStack()
	n := int64(len(*stack))
	if which > n || which < -n || n == 0 && which == 0 {
		stackIndexError(sh, "popd", int(n), whichWord)
		return 1
	}
	if direction == '+' && which == 0 || direction == '-' && which == n {
		if !noCD {
			if st := changeDir(sh, "popd", []string{(*stack)[0]}, physicalOpt(sh)); st != 0 {
				return st
			}
		}
		*stack = (*stack)[1:]
	} else {
		// bash counts its list from the bottom of the stack.
		i := which
		if direction == '+' {
			i = n - which
		}
		if i < 0 || i >= n {
			stackIndexError(sh, "popd", int(n), whichWord)
			return 1
		}
		k := n - 1 - i
		*stack = append((*stack)[:k:k], (*stack)[k+1:]...)
	}
	printDirs(sh, false, false, false)
	return 0
}

func dirsBuiltin(sh Shell, args []string) int {
	rest := args[1:]
	if helpWanted(sh, "dirs", rest) {
		return 2
	}
	var long, clear, perLine, verbose bool
	index, which := 0, int64(-1) // index: 0 none, 1 counted from the left, 2 from the right
	w := ""
	stack := sh.DirStack()
	n := int64(len(*stack))
args:
	for ; len(rest) > 0; rest = rest[1:] {
		a := rest[0]
		switch {
		case isDirOpt(a, 'l'):
			long = true
		case isDirOpt(a, 'c'):
			clear = true
		case isDirOpt(a, 'v'):
			verbose = true
		case isDirOpt(a, 'p'):
			perLine = true
		case a == "--":
			break args
		case a != "" && (a[0] == '+' || a[0] == '-'):
			k, ok := legalNumber(a[1:])
			if !ok {
				sh.Errorf("dirs: %s: invalid number", a)
				PrintUsage(sh, "dirs")
				return 2
			}
			w = a[1:]
			// Translate to bash's bottom-based index, 0 being the cwd
			// when index==1 and the bottom entry when index==2.
			switch {
			case k == 0 && a[0] == '+':
				index, which = 1, 0
			case k == n:
				index, which = 2, 0
				if a[0] == '-' {
					index = 1
				}
			case k >= 0 && k <= n:
				index, which = 1, k
				if a[0] == '+' {
					which = n - k
				}
				if a[0] == '-' {
					index = 2
				}
			default:
				index, which = 1, -1
				if a[0] == '-' {
					index = 2
				}
			}
		default:
			sh.Errorf("dirs: %s: invalid option", a)
			PrintUsage(sh, "dirs")
			return 2
		}
	}
	if clear {
		*stack = (*stack)[:0]
		return 0
	}
	if index != 0 && (which < 0 || which > n) {
		stackIndexError(sh, "dirs", int(n), w)
		return 1
	}
	if index == 0 {
		return printDirs(sh, long, perLine, verbose)
	}
	var entry string
	num := 0
	if index == 1 && which == 0 {
		entry = sh.Cwd()
	} else {
		entry = (*stack)[n-1-which]
		num = int(n - which)
	}
	if !long {
		entry = tildeAbbrev(sh, entry)
	}
	if verbose {
		entry = fmt.Sprintf("%2d  %s", num, entry)
	}
	return builtinWrite(sh, "dirs", entry+"\n", 0)
}

// printDirs lists the current directory and the stack as `dirs` does.
func printDirs(sh Shell, long, perLine, verbose bool) int {
	show := func(s string) string {
		if long {
			return s
		}
		return tildeAbbrev(sh, s)
	}
	var b strings.Builder
	if verbose {
		fmt.Fprintf(&b, "%2d  %s", 0, show(sh.Cwd()))
	} else {
		b.WriteString(show(sh.Cwd()))
	}
	for i, d := range *sh.DirStack() {
		switch {
		case verbose:
			fmt.Fprintf(&b, "\n%2d  %s", i+1, show(d))
		case perLine:
			b.WriteString("\n" + show(d))
		default:
			b.WriteString(" " + show(d))
		}
	}
	b.WriteByte('\n')
	return builtinWrite(sh, "dirs", b.String(), 0)
}

// tildeAbbrev replaces a leading $HOME with ~ (bash's
// polite_directory_format; a HOME of "/" is left alone).
func tildeAbbrev(sh Shell, dir string) string {
	home, _ := sh.Vars().Value("HOME")
	if len(home) > 1 && strings.HasPrefix(dir, home) && (len(dir) == len(home) || dir[len(home)] == '/') {
		return "~" + dir[len(home):]
	}
	return dir
}
