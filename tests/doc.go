// Package tests holds the end-to-end script conformance corpus of gsh.
//
// The corpus lives in tests/corpus/*.test (format: tests/corpus/README.md)
// and is run by TestCorpus in corpus_test.go:
//
//	go test ./tests                                  # build gsh, run the corpus
//	GSH_TEST_SHELL=/usr/bin/bash go test ./tests     # check the corpus against bash
//	GSH_RECORD=1 go test ./tests -run TestCorpus     # re-record expectations from bash
package tests
