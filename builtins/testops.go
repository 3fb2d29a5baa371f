package builtins

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"

	"gsh/shell/vars"
)

// The operators of test, [ and [[ ]]. test uses them through its parser;
// the shell's [[ ]] calls UnaryTest and BinaryTest directly.

// IsUnaryOp reports whether op is a unary test operator (-e, -z, -v...).
func IsUnaryOp(op string) bool {
	return len(op) == 2 && op[0] == '-' && strings.IndexByte("abcdefghknoprstuvwxzGLOSNR", op[1]) >= 0
}

// IsBinaryOp reports whether op is a binary operator of test: = == != < >
// -eq -ne -lt -le -gt -ge -nt -ot -ef. (=~ exists only in [[ ]].)
func IsBinaryOp(op string) bool {
	switch op {
	case "=", "==", "!=", "<", ">", "-nt", "-ot", "-ef":
		return true
	}
	return isArithOp(op)
}

func isArithOp(op string) bool {
	switch op {
	case "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
		return true
	}
	return false
}

// UnaryTest evaluates a unary operator for test and [[ ]]. Relative paths
// are taken from sh.Cwd(); /dev/fd/N and /dev/std{in,out,err} name the
// shell's descriptors. The error is for an unknown operator.
func UnaryTest(sh Shell, op, arg string) (bool, error) {
	if !IsUnaryOp(op) {
		return false, fmt.Errorf("%s: unary operator expected", op)
	}
	switch op[1] {
	case 'n':
		return arg != "", nil
	case 'z':
		return arg == "", nil
	case 'o':
		return optionIsSet(sh, arg), nil
	case 'v':
		if n, ok := legalNumber(arg); ok { // -v N: is positional parameter N set?
			return n >= 0 && n <= int64(len(sh.Params())), nil
		}
		return varRefIsSet(sh, arg), nil
	case 'R':
		v := sh.Vars().Raw(arg)
		return v.IsSet() && v.Has(vars.NameRef), nil
	case 't':
		n, ok := legalNumber(arg)
		return ok && n == int64(int32(n)) && isTerminal(sh, int(n)), nil
	case 'r':
		return testAccess(sh, arg, unix.R_OK), nil
	case 'w':
		return testAccess(sh, arg, unix.W_OK), nil
	case 'x':
		return testAccess(sh, arg, unix.X_OK), nil
	case 'h', 'L':
		var st unix.Stat_t
		return arg != "" && unix.Lstat(shellPath(sh, arg), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK, nil
	}
	st, ok := testStat(sh, arg)
	if !ok {
		return false, nil
	}
	mode := st.Mode & unix.S_IFMT
	switch op[1] {
	case 'a', 'e':
		return true, nil
	case 'f':
		return mode == unix.S_IFREG || mode == 0, nil
	case 'd':
		return mode == unix.S_IFDIR, nil
	case 'b':
		return mode == unix.S_IFBLK, nil
	case 'c':
		return mode == unix.S_IFCHR, nil
	case 'p':
		return mode == unix.S_IFIFO, nil
	case 'S':
		return mode == unix.S_IFSOCK, nil
	case 's':
		return st.Size > 0, nil
	case 'u':
		return st.Mode&unix.S_ISUID != 0, nil
	case 'g':
		return st.Mode&unix.S_ISGID != 0, nil
	case 'k':
		return st.Mode&unix.S_ISVTX != 0, nil
	case 'O':
		return int(st.Uid) == os.Geteuid(), nil
	case 'G':
		return int(st.Gid) == os.Getegid(), nil
	case 'N':
		return st.Mtim.Sec > st.Atim.Sec || st.Mtim.Sec == st.Atim.Sec && st.Mtim.Nsec > st.Atim.Nsec, nil
	}
	return false, nil
}

// BinaryTest evaluates a binary operator as [[ ]] does: = == != compare
// strings exactly (the shell matches patterns itself, since only it knows
// which parts of the right side were quoted, and handles =~); < and >
// compare bytes (the collation of the C and C.UTF-8 locales); the -eq
// family evaluates both sides with sh.Arith and returns its error.
func BinaryTest(sh Shell, op, x, y string) (bool, error) {
	switch op {
	case "=", "==":
		return x == y, nil
	case "!=":
		return x != y, nil
	case "<":
		return x < y, nil
	case ">":
		return x > y, nil
	case "-nt", "-ot", "-ef":
		return compareFiles(sh, op, x, y), nil
	}
	if !isArithOp(op) {
		return false, fmt.Errorf("%s: binary operator expected", op)
	}
	l, err := sh.Arith(x)
	if err != nil {
		return false, err
	}
	r, err := sh.Arith(y)
	if err != nil {
		return false, err
	}
	return compareInts(op, l, r), nil
}

func compareInts(op string, l, r int64) bool {
	switch op {
	case "-eq":
		return l == r
	case "-ne":
		return l != r
	case "-lt":
		return l < r
	case "-le":
		return l <= r
	case "-gt":
		return l > r
	}
	return l >= r
}

// shellFD maps /dev/fd/N and /dev/stdin, /dev/stdout, /dev/stderr to a
// descriptor of the shell.
func shellFD(p string) (int, bool) {
	switch p {
	case "/dev/stdin":
		return 0, true
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	if rest, ok := strings.CutPrefix(p, "/dev/fd/"); ok {
		if n, ok := legalNumber(rest); ok && n >= 0 && n <= math.MaxInt32 {
			return int(n), true
		}
	}
	return 0, false
}

// testStat is bash's sh_stat: stat through the shell's descriptors for
// /dev/fd paths, and failure for the empty path.
func testStat(sh Shell, p string) (unix.Stat_t, bool) {
	var st unix.Stat_t
	if p == "" {
		return st, false
	}
	if fd, ok := shellFD(p); ok {
		f := sh.File(fd)
		if f == nil {
			return st, false
		}
		fi, err := f.Stat()
		if err != nil {
			return st, false
		}
		sys, ok := fi.Sys().(*syscall.Stat_t)
		if !ok {
			return st, false
		}
		st.Mode, st.Uid, st.Gid, st.Size = sys.Mode, sys.Uid, sys.Gid, sys.Size
		st.Dev, st.Ino = sys.Dev, sys.Ino
		st.Mtim = unix.Timespec{Sec: sys.Mtim.Sec, Nsec: sys.Mtim.Nsec}
		st.Atim = unix.Timespec{Sec: sys.Atim.Sec, Nsec: sys.Atim.Nsec}
		return st, true
	}
	return st, unix.Stat(shellPath(sh, p), &st) == nil
}

// testAccess is -r/-w/-x with the effective ids (faccessat AT_EACCESS);
// for the shell's descriptors it checks the mode bits as bash does.
func testAccess(sh Shell, p string, mode uint32) bool {
	if p == "" {
		return false
	}
	if _, ok := shellFD(p); !ok {
		return unix.Faccessat(unix.AT_FDCWD, shellPath(sh, p), mode, unix.AT_EACCESS) == nil
	}
	st, ok := testStat(sh, p)
	if !ok {
		return false
	}
	if os.Geteuid() == 0 {
		return mode != unix.X_OK || st.Mode&0o111 != 0 || st.Mode&unix.S_IFMT == unix.S_IFDIR
	}
	var shift uint32
	switch {
	case int(st.Uid) == os.Geteuid():
		shift = 6
	case int(st.Gid) == os.Getegid():
		shift = 3
	}
	return st.Mode>>shift&mode != 0
}

// compareFiles is -nt, -ot (a missing file is older than any other) and
// -ef (same device and inode).
func compareFiles(sh Shell, op, a, b string) bool {
	sa, okA := testStat(sh, a)
	sb, okB := testStat(sh, b)
	newer := func(x, y unix.Stat_t) bool {
		return x.Mtim.Sec > y.Mtim.Sec || x.Mtim.Sec == y.Mtim.Sec && x.Mtim.Nsec > y.Mtim.Nsec
	}
	switch op {
	case "-nt":
		return okA && !okB || okA && okB && newer(sa, sb)
	case "-ot":
		return !okA && okB || okA && okB && newer(sb, sa)
	}
	return okA && okB && sa.Dev == sb.Dev && sa.Ino == sb.Ino
}

// setOName caches, per option name that was on, whether it is a set -o
// option: the list is fixed, and the shell builds and sorts it per call.
var setOName sync.Map // string -> bool

// optionIsSet is -o name: only set -o options count, not shopt ones.
func optionIsSet(sh Shell, name string) bool {
	if on, _ := sh.Option(name); !on {
		return false
	}
	isSetO, ok := setOName.Load(name)
	if !ok {
		_, found := slices.BinarySearch(sh.OptionNames(false), name)
		isSetO, _ = setOName.LoadOrStore(name, found)
	}
	return isSetO.(bool)
}

// isTerminal reports whether the shell's descriptor fd is a terminal,
// without os.File.Fd (which would switch the file to blocking mode).
func isTerminal(sh Shell, fd int) bool {
	f := sh.File(fd)
	if f == nil {
		return false
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	tty := false
	rc.Control(func(fd uintptr) {
		_, err := unix.IoctlGetTermios(int(fd), unix.TCGETS)
		tty = err == nil
	})
	return tty
}
