package shell

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"gsh/builtins"
	"gsh/shell/vars"
)

// watched names: changes to them have side effects in the shell.
var watched = map[string]bool{
	"PATH": true, "RANDOM": true, "SECONDS": true, "LC_ALL": true,
	"LC_CTYPE": true, "LANG": true, "HISTSIZE": true, "HISTFILESIZE": true,
	"COLUMNS": true, "LINES": true,
}

// varHooks connects a variable store to this shell context.
func (sh *Shell) varHooks() *vars.Hooks {
	return &vars.Hooks{
		Arith:   sh.arithString,
		Dynamic: sh.dynamicVar,
		Changed: sh.varChanged,
		Watch:   watched,
	}
}

// dynamicVar computes RANDOM, SECONDS, LINENO and friends.
func (sh *Shell) dynamicVar(name string) string {
	rt := sh.rt
	switch name {
	case "RANDOM":
		rt.randMu.Lock()
		defer rt.randMu.Unlock()
		return strconv.Itoa(int(rt.nextRandom() & 0x7fff))
	case "SRANDOM":
		return strconv.FormatUint(uint64(rand.Uint32()), 10)
	case "SECONDS":
		return strconv.FormatInt(int64(time.Since(rt.secondsBase).Seconds()), 10)
	case "LINENO":
		return strconv.Itoa(sh.line)
	case "EPOCHSECONDS":
		return strconv.FormatInt(time.Now().Unix(), 10)
	case "EPOCHREALTIME":
		now := time.Now()
		return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
	case "BASHPID":
		return strconv.Itoa(sh.bashPID())
	case "BASH_SUBSHELL":
		return strconv.Itoa(sh.subLevel)
	case "BASH_COMMAND":
		if sh.curCmd == nil {
			return ""
		}
		return printNodeText(sh.curCmd)
	}
	return ""
}

// nextRandom is bash's RANDOM generator (a 32-bit LCG), so that seeding
// RANDOM gives a reproducible sequence. rt.randMu is held.
func (rt *Runtime) nextRandom() uint32 {
	// Park-Miller "minimal standard" generator, as bash 5 uses.
	if rt.randSeed == 0 {
		rt.randSeed = 123459876
	}
	h := int64(rt.randSeed) / 127773
	l := int64(rt.randSeed) % 127773
	t := 16807*l - 2836*h
	if t < 0 {
		t += 0x7fffffff
	}
	rt.randSeed = uint32(t)
	return rt.randSeed>>16 ^ rt.randSeed&0xffff
}

// varChanged applies side effects of assigning watched variables.
func (sh *Shell) varChanged(name string, v *vars.Var) {
	switch name {
	case "PATH":
		sh.hash.m = map[string]string{}
		sh.hash.shared = false
	case "RANDOM":
		if v != nil {
			n, _ := strconv.ParseInt(v.Str(), 10, 64)
			sh.rt.randMu.Lock()
			sh.rt.randSeed = uint32(n)
			sh.rt.randMu.Unlock()
		}
	case "SECONDS":
		if v != nil {
			n, _ := strconv.ParseInt(v.Str(), 10, 64)
			sh.rt.secondsBase = time.Now().Add(-time.Duration(n) * time.Second)
		}
	case "LC_ALL", "LC_CTYPE", "LANG":
		sh.rt.utf8Known = false
		builtins.SetUTF8(sh.utf8())
	}
	if sh.rt.OnVarChange != nil {
		sh.rt.OnVarChange(name)
	}
}

// utf8 reports whether the character set is UTF-8 (lengths and slices
// then count characters, not bytes).
func (sh *Shell) utf8() bool {
	rt := sh.rt
	if rt.utf8Known {
		return rt.isUTF8
	}
	rt.isUTF8 = builtins.LocaleIsUTF8(sh.vars.Str("LC_ALL"), sh.vars.Str("LC_CTYPE"), sh.vars.Str("LANG"))
	rt.utf8Known = true
	return rt.isUTF8
}

// getVar looks a variable up, including the arrays the shell computes.
func (sh *Shell) getVar(name string) *vars.Var {
	switch name {
	case "PIPESTATUS":
		if sh.pipeStatus == nil {
			return vars.TempArray([]string{strconv.Itoa(sh.status)})
		}
		out := make([]string, len(sh.pipeStatus))
		for i, s := range sh.pipeStatus {
			out[i] = strconv.Itoa(s)
		}
		return vars.TempArray(out)
	case "SHELLOPTS", "BASHOPTS":
		if v := sh.vars.Get(name); v != nil && v.IsSet() && !v.Has(vars.Dynamic) {
			return v
		}
		lo, hi := opt(0), numSetOpts
		if name == "BASHOPTS" {
			lo, hi = numSetOpts, numOpts
		}
		var on []string
		for o := lo; o < hi; o++ {
			if sh.opts[o] {
				on = append(on, optNames[o])
			}
		}
		slices.Sort(on)
		return vars.TempScalar(strings.Join(on, ":"))
	case "FUNCNAME", "BASH_SOURCE", "BASH_LINENO":
		if len(sh.calls) == 0 {
			if name == "BASH_SOURCE" && sh.source != "" {
				return vars.TempArray([]string{sh.source})
			}
			return nil
		}
		var out []string
		for i := len(sh.calls) - 1; i >= 0; i-- {
			c := sh.calls[i]
			switch name {
			case "FUNCNAME":
				out = append(out, c.name)
			case "BASH_SOURCE":
				out = append(out, c.source)
			case "BASH_LINENO":
				out = append(out, strconv.Itoa(c.line))
			}
		}
		if sh.rt.mainSource != "" {
			// A script file has a "main" frame at the bottom; -c has none.
			switch name {
			case "FUNCNAME":
				out = append(out, "main")
			case "BASH_SOURCE":
				out = append(out, sh.rt.mainSource)
			case "BASH_LINENO":
				out = append(out, "0")
			}
		}
		return vars.TempArray(out)
	}
	return sh.vars.Get(name)
}

// initVars sets the variables a shell starts with.
func (sh *Shell) initVars() {
	v := sh.vars
	v.ImportEnv(os.Environ())
	rt := sh.rt
	set := func(name, val string) { v.Set(name, val) }
	set("IFS", " \t\n") // never taken from the environment
	set("PPID", strconv.Itoa(rt.ppid))
	v.Declare("PPID", vars.ReadOnly, 0, false, false)
	uid, euid := unix.Getuid(), unix.Geteuid()
	set("UID", strconv.Itoa(uid))
	set("EUID", strconv.Itoa(euid))
	v.Declare("UID", vars.ReadOnly|vars.Integer, 0, false, false)
	v.Declare("EUID", vars.ReadOnly|vars.Integer, 0, false, false)
	if _, ok := v.Value("PATH"); !ok {
		set("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
	}
	if _, ok := v.Value("HOME"); !ok {
		if h := homeOf(""); h != "" {
			set("HOME", h)
		}
	}
	if pwd, ok := v.Value("PWD"); ok && samePath(pwd, sh.cwd) {
		sh.cwd = pwd
	}
	set("PWD", sh.cwd)
	v.Declare("PWD", vars.Export, 0, false, false)
	if old, ok := v.Value("OLDPWD"); !ok || !isDir(old) {
		v.Unset("OLDPWD", true)
		v.Declare("OLDPWD", vars.Export, 0, false, false)
	}
	lvl, _ := strconv.Atoi(v.Str("SHLVL"))
	set("SHLVL", strconv.Itoa(lvl+1))
	v.Declare("SHLVL", vars.Export, 0, false, false)
	set("OPTIND", "1")
	if _, ok := v.Value("PS2"); !ok {
		set("PS2", "> ")
	}
	set("PS4", "+ ")
	if hn, err := os.Hostname(); err == nil {
		set("HOSTNAME", hn)
	}
	var un unix.Utsname
	if unix.Uname(&un) == nil {
		m := unix.ByteSliceToString(un.Machine[:])
		set("HOSTTYPE", m)
		set("MACHTYPE", m+"-pc-linux-gnu")
	}
	set("OSTYPE", "linux-gnu")
	set("GSH_VERSION", Version)
	if _, ok := v.Value("SHELL"); !ok {
		set("SHELL", loginShell(uid)) // as bash, not exported
	}
	for _, n := range []string{"RANDOM", "SECONDS", "LINENO", "EPOCHSECONDS", "EPOCHREALTIME", "SRANDOM", "BASHPID", "BASH_SUBSHELL", "BASH_COMMAND"} {
		v.Unset(n, true)
		v.SetAttrsRaw(n, vars.Dynamic)
	}
	rt.secondsBase = rt.start
	rt.randSeed = uint32(rt.pid) ^ uint32(time.Now().UnixNano())
}

// loginShell is the shell of user uid's password entry, /bin/sh when it
// has none (bash's current_user.shell).
func loginShell(uid int) string {
	data, _ := os.ReadFile("/etc/passwd")
	id := strconv.Itoa(uid)
	for line := range strings.Lines(string(data)) {
		f := strings.Split(strings.TrimRight(line, "\n"), ":")
		if len(f) >= 7 && f[2] == id {
			if f[6] != "" {
				return f[6]
			}
			break
		}
	}
	return "/bin/sh"
}

// samePath reports whether two paths name the same directory.
func samePath(a, b string) bool {
	var sa, sb unix.Stat_t
	if unix.Stat(a, &sa) != nil || unix.Stat(b, &sb) != nil {
		return false
	}
	return sa.Dev == sb.Dev && sa.Ino == sb.Ino
}

// Version is gsh's version string.
const Version = builtins.Version
