package shell

import (
	"os"
	"strings"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/jobs"
)

type pipeStage struct {
	st     *syntax.Stmt
	stderr bool // |& : standard error into the pipe too
	sub    *Shell
	spec   *jobs.Spec // set for an external command forked directly
	fail   func()     // ends a stage that cannot run, in its context
	proc   *jobs.Proc
	done   chan struct{}
	status int
}

// flattenPipe turns the left-nested pipe tree into stages.
func flattenPipe(c *syntax.BinaryCmd) []*pipeStage {
	var stages []*pipeStage
	var walk func(st *syntax.Stmt, stderr bool)
	walk = func(st *syntax.Stmt, stderr bool) {
		if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) &&
			!st.Negated && !st.Background && len(st.Redirs) == 0 {
			walk(b.X, b.Op == syntax.PipeAll)
			walk(b.Y, stderr)
			return
		}
		stages = append(stages, &pipeStage{st: st, stderr: stderr})
	}
	walk(c.X, c.Op == syntax.PipeAll)
	walk(c.Y, false)
	return stages
}

// pipeline runs a | b | c. Each stage is a subshell: external commands are
// forked directly; builtins, functions and compound commands run on a
// goroutine with a copy of the state (bash would fork them).
func (sh *Shell) pipeline(c *syntax.BinaryCmd) {
	stages := flattenPipe(c)
	n := len(stages)
	pipes := make([][2]*ofile, n-1)
	for i := range pipes {
		var p [2]int
		if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
			sh.errorf("pipe error: %s", errnoText(err))
			sh.status = 1
			for j := 0; j < i; j++ {
				pipes[j][0].unref()
				pipes[j][1].unref()
			}
			return
		}
		pipes[i] = [2]*ofile{newOfile(os.NewFile(uintptr(p[0]), "|r")), newOfile(os.NewFile(uintptr(p[1]), "|w"))}
	}
	lastpipe := sh.opts[optLastpipe] && !sh.rt.jobControl
	for i, s := range stages {
		if i == n-1 && lastpipe {
			break
		}
		sub := sh.subshellCopy()
		if i > 0 {
			sub.fds.set(0, pipes[i-1][0].ref())
		}
		if i < n-1 {
			sub.fds.set(1, pipes[i][1].ref())
			if s.stderr {
				sub.fds.set(2, pipes[i][1].ref())
			}
		}
		s.sub = sub
		s.spec, s.fail = sub.directSpec(s.st)
	}
	// The shell's own references to the pipes go now: each stage holds its ends.
	var savedFds *fdTable
	if lastpipe {
		savedFds = sh.fds
		sh.fds = savedFds.clone()
		sh.fds.set(0, pipes[n-2][0].ref())
	}
	for _, p := range pipes {
		p[0].unref()
		p[1].unref()
	}
	sh.startPipeline(stages, lastpipe)
	statuses := make([]int, n)
	if lastpipe {
		last := stages[n-1]
		sh.stmt(last.st)
		statuses[n-1] = sh.status
		sh.fds.release()
		sh.fds = savedFds
	}
	for i, s := range stages {
		if i == n-1 && lastpipe {
			continue
		}
		if s.proc != nil {
			statuses[i] = sh.waitProc(s.proc)
		} else {
			<-s.done
			statuses[i] = s.status
		}
	}
	sh.pipeStatus = statuses
	st := statuses[n-1]
	if sh.opts[optPipefail] {
		for i := n - 1; i >= 0; i-- {
			if statuses[i] != 0 {
				st = statuses[i]
				break
			}
		}
	}
	sh.status = st
}

// startPipeline forks the external stages (under the reap lock, so that
// the process group's leader cannot vanish before the others join it),
// then starts the in-process stages.
func (sh *Shell) startPipeline(stages []*pipeStage, lastpipe bool) {
	n := len(stages)
	var group *launchGroup
	if sh.rt.jobControl {
		group = sh.newLaunchGroup()
	}
	sh.rt.reaper.Lock()
	for i, s := range stages {
		if (i == n-1 && lastpipe) || s.spec == nil {
			continue
		}
		s.spec.Files = s.sub.fds.childFiles()
		sh.prepareSpec(s.spec, group)
		p, err := sh.rt.reaper.StartLocked(s.spec)
		if err != nil {
			// Reported from the stage's own context.
			sub, spec := s.sub, s.spec
			s.fail = func() { sub.status = sub.execFailed(spec.Argv, spec.Path, spec.Env, err) }
			continue
		}
		s.proc = p
		sh.noteProc(p, group)
	}
	sh.rt.reaper.Unlock()
	for i, s := range stages {
		if i == n-1 && lastpipe {
			continue
		}
		if s.proc != nil {
			s.sub.release()
			continue
		}
		s.done = make(chan struct{})
		sub := s.sub
		sub.launchGroup = group
		go func(s *pipeStage) {
			defer close(s.done)
			defer sub.timeGoroutine()() // before done: the stage's usage counts for `time`
			if s.fail != nil {
				sub.runSubshellFn(s.fail)
			} else {
				sub.runSubshell([]*syntax.Stmt{s.st})
			}
			s.status = sub.status
			if sub.sigpipe {
				s.status = 141
			}
		}(s)
	}
}

// directSpec returns the process to fork for a stage that is a plain
// external command. Both results are nil when the stage must run
// in-process from its start. Once the words are expanded they are never
// expanded again: when the command cannot run (an expansion or a
// redirection failed, no words are left, the program is not found), fail
// finishes it in the stage's own context, which is this one.
func (sh *Shell) directSpec(st *syntax.Stmt) (spec *jobs.Spec, fail func()) {
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || !sh.directCandidate(st, call) {
		return nil, nil
	}
	sh.setLine(call.Args[0].Pos())
	args, err := sh.expandArgs(call.Args)
	if err != nil {
		return nil, func() { sh.expansionFailed(err) }
	}
	if len(args) == 0 {
		return nil, func() { sh.assignOnly(call.Assigns, st.Redirs) }
	}
	temps, err := sh.expandTemps(call.Assigns)
	if err != nil {
		return nil, func() { sh.expansionFailed(err) }
	}
	if len(st.Redirs) > 0 && !sh.redirect(st.Redirs) {
		return nil, func() { sh.status = 1 } // redirect reported why
	}
	env, pathVar := sh.commandEnv(temps)
	path := sh.findCommand(args[0], pathVar)
	if path == "" {
		return nil, func() { sh.status = sh.notFound(args[0]) }
	}
	sh.lastArg = args[len(args)-1]
	return &jobs.Spec{Path: path, Argv: args, Env: env, Dir: sh.cwd, Text: strings.Join(args, " ")}, nil
}

// directCandidate reports, from the syntax alone, whether a stage may be
// forked directly: a command whose name is a literal that is no function,
// builtin or alias, with no command substitution (it could read the
// pipe of a stage not started yet, and would run before the other stages
// instead of beside them). Tracing is left to the in-process path.
func (sh *Shell) directCandidate(st *syntax.Stmt, call *syntax.CallExpr) bool {
	if st.Negated || st.Background || len(call.Args) == 0 || sh.opts[optXtrace] {
		return false
	}
	first := call.Args[0].Lit()
	if first == "" || strings.ContainsAny(first, "*?[{~\\") {
		return false
	}
	if _, ok := sh.funcs.get(first); ok {
		return false
	}
	if sh.builtin(first) != nil {
		return false
	}
	if sh.opts[optExpandAliases] {
		if _, ok := sh.aliases.get(first); ok {
			return false
		}
	}
	return !hasCmdSubst(st)
}

// hasCmdSubst reports a command substitution in st, outside process
// substitutions (those run beside the command anyway).
func hasCmdSubst(st *syntax.Stmt) bool {
	found := false
	syntax.Walk(st, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.CmdSubst:
			found = true
		case *syntax.ProcSubst:
			return false
		}
		return !found
	})
	return found
}
