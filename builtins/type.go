package builtins

import (
	"slices"
	"strings"
)

func init() {
	Register(&Builtin{Name: "type", Fn: typeBuiltin, Usage: "type [-afptP] name [name ...]"})
	Register(&Builtin{Name: "command", Fn: commandBuiltin, Usage: "command [-pVv] command [arg ...]"})
}

// describe flags, after bash's CDESC_* constants.
const (
	cdAll       = 1 << iota // -a: every interpretation
	cdShort                 // "x is a shell builtin"
	cdReusable              // command -v: reusable as input
	cdType                  // -t: one word
	cdPathOnly              // -p/-P: only file paths
	cdForcePath             // -P: search PATH even for builtins etc.
	cdNoFuncs               // -f
	cdAbsPath               // command -V: make relative paths absolute
	cdStdPath               // command -p: search the standard PATH
)

// stdPath is the C library's _CS_PATH, used by command -p.
const stdPath = "/bin:/usr/bin"

// keywords are bash's reserved words.
var keywords = []string{"if", "then", "else", "elif", "fi", "case", "esac", "for", "select",
	"while", "until", "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc"}

// IsKeyword reports whether name is one of bash's reserved words.
func IsKeyword(name string) bool { return slices.Contains(keywords, name) }

// Keywords lists bash's reserved words (for completion).
func Keywords() []string { return slices.Clone(keywords) }

func typeBuiltin(sh Shell, args []string) int {
	// Obsolete long forms that bash still accepts.
	for i := 1; i < len(args) && strings.HasPrefix(args[i], "-"); i++ {
		switch args[i] {
		case "-type":
			args[i] = "-t"
		case "-path":
			args[i] = "-p"
		case "-all":
			args[i] = "-a"
		}
	}
	opts, rest, ok := parseOpts(sh, args, "afptP")
	if !ok {
		return 2
	}
	flags := cdShort
	for _, o := range opts {
		switch o.C {
		case 'a':
			flags |= cdAll
		case 'f':
			flags |= cdNoFuncs
		case 'p':
			flags = flags&^(cdType|cdShort) | cdPathOnly
		case 't':
			flags = flags&^(cdPathOnly|cdShort) | cdType
		case 'P':
			flags = flags&^(cdType|cdShort) | cdPathOnly | cdForcePath
		}
	}
	status := 0
	for _, name := range rest {
		var b strings.Builder
		found := describeCommand(sh, &b, name, flags)
		if st := builtinWrite(sh, "type", b.String(), 0); st != 0 {
			return st
		}
		if !found {
			if flags&(cdPathOnly|cdType) == 0 {
				sh.Errorf("type: %s: not found", name)
			}
			status = 1
		}
	}
	return status
}

func commandBuiltin(sh Shell, args []string) int {
	opts, rest, ok := parseOpts(sh, args, "pvV")
	if !ok {
		return 2
	}
	verbose, std := 0, 0
	for _, o := range opts {
		switch o.C {
		case 'p':
			std = cdStdPath
		case 'V':
			verbose = cdShort | cdAbsPath
		case 'v':
			verbose = cdReusable
		}
	}
	if len(rest) == 0 {
		return 0
	}
	if verbose != 0 {
		anyFound := false
		for _, name := range rest {
			var b strings.Builder
			found := describeCommand(sh, &b, name, verbose|std)
			if st := builtinWrite(sh, "command", b.String(), 0); st != 0 {
				return st
			}
			if !found && verbose != cdReusable {
				sh.Errorf("command: %s: not found", name)
			}
			anyFound = anyFound || found
		}
		if anyFound {
			return 0
		}
		return 1
	}
	if std != 0 {
		// Run with the standard PATH in place, as bash does.
		st := sh.Vars()
		old, set := st.Value("PATH")
		st.Set("PATH", stdPath)
		defer func() {
			if set {
				st.Set("PATH", old)
			} else {
				st.Unset("PATH", false)
			}
		}()
	}
	return sh.Call(rest, true)
}

// describeCommand writes what name would run as, in the form the flags
// ask for, and reports whether anything was found (bash's describe_command).
func describeCommand(sh Shell, b *strings.Builder, name string, flags int) bool {
	all := flags&cdAll != 0
	found := false
	say := func(kind, short, reusable string) {
		switch {
		case flags&cdType != 0:
			b.WriteString(kind + "\n")
		case flags&cdShort != 0:
			b.WriteString(short + "\n")
		case flags&cdReusable != 0:
			b.WriteString(reusable + "\n")
		}
	}
	if flags&cdForcePath == 0 {
		if expand, _ := sh.Option("expand_aliases"); expand {
			if v, ok := sh.Aliases()[name]; ok {
				say("alias", name+" is aliased to '"+v+"'", strings.TrimSuffix(aliasLine(name, v), "\n"))
				if found = true; !all {
					return true
				}
			}
		}
		if IsKeyword(name) {
			say("keyword", name+" is a shell keyword", name)
			if found = true; !all {
				return true
			}
		}
	}
	if flags&(cdForcePath|cdNoFuncs) == 0 {
		if src, ok := sh.FuncSource(name); ok {
			say("function", name+" is a function\n"+strings.TrimSuffix(src, "\n"), name)
			if found = true; !all {
				return true
			}
		}
	}
	if flags&cdForcePath == 0 {
		if bi := Lookup(name); bi != nil {
			short := name + " is a shell builtin"
			if posix, _ := sh.Option("posix"); posix && bi.Special {
				short = name + " is a special shell builtin"
			}
			say("builtin", short, name)
			if found = true; !all {
				return true
			}
		}
	}
	sayFile := func(short, path string) {
		switch {
		case flags&cdType != 0:
			b.WriteString("file\n")
		case flags&cdShort != 0:
			b.WriteString(short + "\n")
		case flags&(cdReusable|cdPathOnly) != 0:
			b.WriteString(path + "\n")
		}
	}
	if strings.Contains(name, "/") && isExecutable(sh, name) {
		sayFile(name+" is "+name, name)
		return true
	}
	if !all || flags&cdForcePath != 0 {
		if p, ok := sh.Hash()[name]; ok {
			sayFile(name+" is hashed ("+p+")", p)
			return true
		}
	}
	var paths []string
	switch {
	case flags&cdStdPath != 0:
		if p := searchPath(sh, name, stdPath, false); p != "" {
			paths = []string{p}
		}
	case !all:
		pathVar, _ := sh.Vars().Value("PATH")
		if p := searchPath(sh, name, pathVar, false); p != "" {
			paths = []string{p}
		}
	default:
		pathVar, _ := sh.Vars().Value("PATH")
		paths = searchPathAll(sh, name, pathVar)
	}
	for _, p := range paths {
		if p == name {
			// An empty PATH finds the name itself, in the current directory.
			if !isExecutable(sh, p) {
				continue
			}
			p = shellPath(sh, p)
		} else if flags&cdAbsPath != 0 && !strings.HasPrefix(p, "/") {
			// bash's sh_makepath(MP_DOCWD|MP_RMDOT): "./" goes but the
			// slash of ".//" stays, which shellPath would not keep.
			p = strings.TrimSuffix(sh.Cwd(), "/") + "/" + strings.TrimPrefix(p, "./")
		}
		sayFile(name+" is "+p, p)
		found = true
		if !all {
			break
		}
	}
	return found
}
