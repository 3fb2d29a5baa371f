package builtins

import (
	"fmt"
	"sort"
	"strings"
)

func init() {
	Register(&Builtin{Name: "hash", Fn: hashBuiltin, Usage: "hash [-lr] [-p pathname] [-dt] [name ...]"})
}

// hashRemover is implemented by shells that can drop one hashed name;
// without it hash -d rebuilds the table without the name.
type hashRemover interface {
	UnsetHash(name string) bool
}

func hashBuiltin(sh Shell, args []string) int {
	if on, ok := sh.Option("hashall"); ok && !on {
		sh.Errorf("hash: hashing disabled")
		return 1
	}
	opts, rest, ok := parseOpts(sh, args, "dlp:rt")
	if !ok {
		return 2
	}
	var del, portable, expunge, targets, hasPath bool
	var pathname string
	for _, o := range opts {
		switch o.C {
		case 'd':
			del = true
		case 'l':
			portable = true
		case 'p':
			pathname, hasPath = o.Arg, true
		case 'r':
			expunge = true
		case 't':
			targets = true
		}
	}
	if len(rest) == 0 && (del || targets) {
		opt := "-t"
		if del {
			opt = "-d"
		}
		sh.Errorf("hash: %s: option requires an argument", opt)
		return 1
	}
	if len(rest) == 0 && !expunge {
		out := hashListing(sh, portable)
		if out == "" && !portable {
			out = "hash: hash table empty\n"
		}
		return builtinWrite(sh, "hash", out, 0)
	}
	if expunge {
		sh.ClearHash()
	}
	if targets {
		return hashTargets(sh, rest, portable)
	}
	status := 0
	for _, w := range rest {
		switch {
		case strings.Contains(w, "/"):
			continue
		case hasPath:
			if isDir(shellPath(sh, pathname)) {
				sh.Errorf("hash: %s: Is a directory", pathname)
				status = 1
			} else {
				sh.SetHash(w, pathname)
			}
		case del:
			if !unhash(sh, w) {
				sh.Errorf("hash: %s: not found", w)
				status = 1
			}
		default:
			if _, fn := sh.FuncSource(w); fn || Lookup(w) != nil {
				continue
			}
			unhash(sh, w)
			pathVar, _ := sh.Vars().Value("PATH")
			if p := searchPath(sh, w, pathVar, false); p != "" && isExecutable(sh, p) {
				sh.SetHash(w, p)
			} else {
				sh.Errorf("hash: %s: not found", w)
				status = 1
			}
		}
	}
	return status
}

// unhash removes one name from the hash table.
func unhash(sh Shell, name string) bool {
	if r, ok := sh.(hashRemover); ok {
		return r.UnsetHash(name)
	}
	old := sh.Hash()
	if _, ok := old[name]; !ok {
		return false
	}
	keep := make(map[string]string, len(old))
	for k, v := range old {
		if k != name {
			keep[k] = v
		}
	}
	sh.ClearHash()
	for k, v := range keep {
		sh.SetHash(k, v)
	}
	return true
}

// hashBucket is bash's bucket for name in its 256-bucket command table
// (FNV-1 hash), which decides the order of `hash` listings.
func hashBucket(name string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h *= 16777619
		h ^= uint32(name[i])
	}
	return h & 255
}

func hashListing(sh Shell, portable bool) string {
	tab := sh.Hash()
	if len(tab) == 0 {
		return ""
	}
	names := make([]string, 0, len(tab))
	for n := range tab {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		bi, bj := hashBucket(names[i]), hashBucket(names[j])
		if bi != bj {
			return bi < bj
		}
		return names[i] < names[j]
	})
	var b strings.Builder
	if !portable {
		b.WriteString("hits\tcommand\n")
	}
	for _, n := range names {
		if portable {
			fmt.Fprintf(&b, "builtin hash -p %s %s\n", QuoteWord(tab[n]), QuoteWord(n))
			continue
		}
		// gsh does not count uses of hashed commands (bash does).
		fmt.Fprintf(&b, "%4d\t%s\n", 0, tab[n])
	}
	return b.String()
}

func hashTargets(sh Shell, names []string, portable bool) int {
	status := 0
	tab := sh.Hash()
	for _, n := range names {
		p, ok := tab[n]
		if !ok {
			sh.Errorf("hash: %s: not found", n)
			status = 1
			continue
		}
		var line string
		switch {
		case portable:
			line = fmt.Sprintf("builtin hash -p %s %s\n", p, n)
		case len(names) > 1:
			line = n + "\t" + p + "\n"
		default:
			line = p + "\n"
		}
		if st := builtinWrite(sh, "hash", line, 0); st != 0 {
			return st
		}
	}
	return status
}
