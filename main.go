// Command gsh is a job-control shell: an interactive shell with line
// editing and job control, and a runner for POSIX and bash scripts.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gsh/interactive"
	"gsh/jobs"
	"gsh/parser"
	"gsh/shell"
)

const usage = `Usage:	gsh [option ...] [script-file [argument ...]]
	gsh [option ...] -c command-string [name [argument ...]]
	gsh [option ...] -s [argument ...]
Shell options:
	-c		read commands from the command-string operand
	-i		force an interactive shell
	-l, --login	act as a login shell
	-s		read commands from standard input
	-n		read commands but do not execute them
	-abefhkmnptuvxBCEHPT or -o option	as for the set builtin
	-O shopt_option	as for the shopt builtin
	--norc		do not read ~/.gshrc in an interactive shell
	--noprofile	do not read the login start-up files
	--rcfile FILE	read FILE instead of ~/.gshrc
	--version	print the version and exit
	--help		print this text and exit
Type 'gsh -c "help"' for the list of builtin commands.
`

// options holds what the command line asked for.
type options struct {
	dashC       bool
	command     string
	readStdin   bool
	interactive bool
	login       bool
	norc        bool
	noprofile   bool
	rcfile      string
	setFlags    []flagSet
	setOpts     []optSet
	shopts      []optSet
	args        []string
}

type flagSet struct {
	c  byte
	on bool
}

type optSet struct {
	name string
	on   bool
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == jobs.StandinArg {
		jobs.RunStandin()
		return
	}
	opts, err := parseArgs(os.Args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gsh: %s\n", err)
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	os.Exit(run(opts))
}

func parseArgs(argv []string) (*options, error) {
	o := &options{}
	if strings.HasPrefix(argv[0], "-") {
		o.login = true
	}
	args := argv[1:]
	for len(args) > 0 {
		a := args[0]
		if a == "--" || a == "-" {
			args = args[1:]
			break
		}
		if strings.HasPrefix(a, "--") {
			switch a {
			case "--version":
				fmt.Printf("gsh, version %s\n", shell.Version)
				os.Exit(0)
			case "--help":
				fmt.Print(usage)
				os.Exit(0)
			case "--login":
				o.login = true
			case "--norc":
				o.norc = true
			case "--noprofile":
				o.noprofile = true
			case "--rcfile", "--init-file":
				if len(args) < 2 {
					return nil, fmt.Errorf("%s: option requires an argument", a)
				}
				o.rcfile = args[1]
				args = args[1:]
			case "--posix":
				o.setOpts = append(o.setOpts, optSet{"posix", true})
			case "--noediting":
			default:
				return nil, fmt.Errorf("%s: invalid option", a)
			}
			args = args[1:]
			continue
		}
		if len(a) < 2 || (a[0] != '-' && a[0] != '+') {
			break
		}
		on := a[0] == '-'
		args = args[1:]
		for i := 1; i < len(a); i++ {
			switch c := a[i]; c {
			case 'c':
				o.dashC = true
			case 'i':
				o.interactive = true
			case 's':
				o.readStdin = true
			case 'l':
				o.login = true
			case 'o', 'O':
				if len(args) == 0 {
					if c == 'o' {
						return nil, fmt.Errorf("-o: option requires an argument")
					}
					return nil, fmt.Errorf("-O: option requires an argument")
				}
				if c == 'o' {
					o.setOpts = append(o.setOpts, optSet{args[0], on})
				} else {
					o.shopts = append(o.shopts, optSet{args[0], on})
				}
				args = args[1:]
			default:
				o.setFlags = append(o.setFlags, flagSet{c, on})
			}
		}
	}
	if o.dashC {
		if len(args) == 0 {
			return nil, fmt.Errorf("-c: option requires an argument")
		}
		o.command = args[0]
		args = args[1:]
	}
	o.args = args
	return o, nil
}

func run(o *options) int {
	// Like bash, messages and $0 use the name the shell was invoked by.
	name := os.Args[0]
	var params []string
	var script string
	switch {
	case o.dashC:
		if len(o.args) > 0 {
			name = o.args[0]
			params = o.args[1:]
		}
	case o.readStdin || len(o.args) == 0:
		params = o.args
		o.readStdin = true
	default:
		script = o.args[0]
		name = script
		params = o.args[1:]
	}
	// The terminal is asked about only when nothing else decides.
	inter := o.interactive || !o.dashC && script == "" && len(o.args) == 0 &&
		interactive.IsTerminal(0) && interactive.IsTerminal(2)
	errName := name
	if inter {
		errName = strings.TrimPrefix(filepath.Base(name), "-")
	}
	rt := shell.NewRuntime(shell.Config{
		Name:        errName,
		Interactive: inter,
		Login:       o.login,
		DashC:       o.dashC,
		ReadsStdin:  o.readStdin,
	})
	sh := rt.NewMain(name, params)
	for _, f := range o.setFlags {
		if !sh.SetFlag(f.c, f.on) {
			fmt.Fprintf(os.Stderr, "gsh: %c%c: invalid option\n", map[bool]byte{true: '-', false: '+'}[f.on], f.c)
			fmt.Fprint(os.Stderr, usage)
			return 2
		}
	}
	for _, set := range [...]struct {
		opts []optSet
		kind string
	}{{o.setOpts, "option name"}, {o.shopts, "shell option name"}} {
		for _, so := range set.opts {
			if err := sh.SetOptionByName(so.name, so.on); err != nil {
				fmt.Fprintf(os.Stderr, "gsh: %s: invalid %s\n", so.name, set.kind)
				return 2
			}
		}
	}
	if inter {
		return interactive.Run(rt, sh, interactive.Options{
			Login: o.login, NoRC: o.norc, NoProfile: o.noprofile, RCFile: o.rcfile,
		})
	}
	var status int
	switch {
	case o.dashC:
		status = sh.RunString(o.command)
	case script != "":
		f, err := openScript(script)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %s\n", os.Args[0], err)
			if errors.Is(err, os.ErrNotExist) {
				return 127
			}
			return 126
		}
		rt.SetMainSource(script)
		status = sh.RunLines(parser.NewBufReader(f))
	default:
		status = sh.RunLines(stdinLines())
	}
	sh.Exit(status)
	return status
}
