package builtins

import (
	"sort"
	"strings"
)

func init() {
	Register(&Builtin{Name: "alias", Fn: aliasBuiltin, Usage: "alias [-p] [name[=value] ... ]"})
	Register(&Builtin{Name: "unalias", Fn: unaliasBuiltin, Usage: "unalias [-a] name [name ...]"})
}

// aliasLine is an alias in reusable form: alias ll='ls -l'.
func aliasLine(name, value string) string {
	dash := ""
	if strings.HasPrefix(name, "-") {
		dash = "-- "
	}
	return "alias " + dash + name + "=" + QuoteLiteral(value) + "\n"
}

// validAliasName rejects names with characters the parser would split on
// or treat as quoting or expansion, and '/'.
func validAliasName(s string) bool {
	return !strings.ContainsAny(s, " \t\n()<>;&|\"'\\`$/")
}

func aliasBuiltin(sh Shell, args []string) int {
	opts, rest, ok := parseOpts(sh, args, "p")
	if !ok {
		return 2
	}
	if len(rest) == 0 || len(opts) > 0 {
		al := sh.Aliases()
		names := make([]string, 0, len(al))
		for n := range al {
			names = append(names, n)
		}
		// bash compares first bytes as (signed) chars, then strcmp.
		sort.Slice(names, func(i, j int) bool {
			a, b := int8(names[i][0]), int8(names[j][0])
			if a != b {
				return a < b
			}
			return names[i] < names[j]
		})
		var b strings.Builder
		for _, n := range names {
			b.WriteString(aliasLine(n, al[n]))
		}
		if st := builtinWrite(sh, "alias", b.String(), 0); st != 0 || len(rest) == 0 {
			return st
		}
	}
	status := 0
	for _, a := range rest {
		name, value, ok := strings.Cut(a, "=")
		if ok && name != "" {
			if !validAliasName(name) {
				sh.Errorf("alias: '%s': invalid alias name", name)
				status = 1
				continue
			}
			sh.SetAlias(name, value)
			continue
		}
		if v, found := sh.Aliases()[a]; found {
			if st := builtinWrite(sh, "alias", aliasLine(a, v), 0); st != 0 {
				return st
			}
		} else {
			sh.Errorf("alias: %s: not found", a)
			status = 1
		}
	}
	return status
}

func unaliasBuiltin(sh Shell, args []string) int {
	opts, rest, ok := parseOpts(sh, args, "a")
	if !ok {
		return 2
	}
	if len(opts) > 0 {
		var names []string
		for n := range sh.Aliases() {
			names = append(names, n)
		}
		for _, n := range names {
			sh.UnsetAlias(n)
		}
		return 0
	}
	if len(rest) == 0 {
		PrintUsage(sh, "unalias")
		return 2
	}
	status := 0
	for _, n := range rest {
		if !sh.UnsetAlias(n) {
			sh.Errorf("unalias: %s: not found", n)
			status = 1
		}
	}
	return status
}
