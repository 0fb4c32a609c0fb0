package statemachine

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	jsonata "github.com/blues/jsonata-go"
	"github.com/stretchr/testify/require"
)

// A small Amazon States Language interpreter for JSONata definitions:
// enough of Pass, Choice, Task, Wait, Succeed and Fail to run our state
// machines against sample events, with the JSONata expressions evaluated
// by a real JSONata implementation. Task results come from a fake.

// call is one service call a Task state made.
type call struct {
	State       string
	Resource    string
	Arguments   map[string]any
	Credentials map[string]any
}

// fakeService answers a Task call; an answer holding failWith fails the
// Task with that error name.
type fakeService func(c call) map[string]any

// failWith is the key of a fake answer that fails the Task.
const failWith = "fail with error"

type execution struct {
	t           *testing.T
	def         Definition
	vars        map[string]any
	calls       []call
	context     map[string]any
	errorOutput any
	// failure is the Error and Cause of the Fail state the execution ended in.
	failure map[string]any
}

// catching is the first catcher of the error, as Step Functions picks it.
func catching(catchers []Catcher, err string) *Catcher {
	for i, c := range catchers {
		for _, e := range c.ErrorEquals {
			if e == err || e == "States.ALL" {
				return &catchers[i]
			}
		}
	}
	return nil
}

// run executes def on input and returns the final state's type and the calls made.
func run(t *testing.T, def Definition, input any, service fakeService) (string, []call) {
	t.Helper()
	e := newExecution(t, def)
	end, _ := e.runStates(e.def.States, e.def.StartAt, normalize(input), service)
	return end, e.calls
}

// runFailure executes def on input and returns how it ended, the calls
// made and, when it ended in a Fail state, that state's Error and Cause.
func runFailure(t *testing.T, def Definition, input any, service fakeService) (string, []call, map[string]any) {
	t.Helper()
	e := newExecution(t, def)
	end, _ := e.runStates(e.def.States, e.def.StartAt, normalize(input), service)
	return end, e.calls, e.failure
}

// executionStart is the $states.context.Execution.StartTime of every run.
const executionStart = "2026-11-30T12:00:00.000Z"

func newExecution(t *testing.T, def Definition) *execution {
	t.Helper()
	// Round-trip through JSON so the definition is what AWS would receive.
	var roundTripped Definition
	require.NoError(t, json.Unmarshal([]byte(def.JSON()), &roundTripped))
	return &execution{t: t, def: roundTripped, vars: map[string]any{},
		context: map[string]any{"Execution": map[string]any{"Name": "execution-1", "StartTime": executionStart,
			"Id": "arn:aws:states:eu-west-2:123456789012:execution:machine:execution-1"},
			"StateMachine": map[string]any{"Id": "arn:aws:states:eu-west-2:123456789012:stateMachine:machine",
				"Name": "machine"}}}
}

// maxSteps bounds the states one workflow (or one Map iteration) enters.
const maxSteps = 500

// runStates runs a workflow from startAt and returns how it ended and its output.
func (e *execution) runStates(states map[string]State, startAt string, input any, service fakeService) (string, any) {
	t := e.t
	t.Helper()
	name := startAt
	for steps := 0; steps < maxSteps; steps++ {
		state, ok := states[name]
		require.True(t, ok, "state %q does not exist", name)
		switch state.Type {
		case "Succeed":
			return state.Type, e.output(state.Output, input, nil)
		case "Fail":
			e.failure = map[string]any{"Error": e.evalAll(state.Error, input, nil), "Cause": e.evalAll(state.Cause, input, nil)}
			return state.Type, nil
		case "Pass":
			e.assign(state.Assign, input, nil)
			input = e.output(state.Output, input, nil)
			name = state.Next
		case "Wait":
			name = state.Next
		case "Choice":
			name = state.Default
			for _, c := range state.Choices {
				if e.eval(c.Condition, input, nil) == true {
					e.assign(c.Assign, input, nil)
					name = c.Next
					break
				}
			}
			require.NotEmpty(t, name, "no choice matched and no default")
		case "Map":
			result, failed := e.runMap(state, input, service)
			if failed {
				return "Fail", nil
			}
			e.assign(state.Assign, input, result)
			input = e.output(state.Output, input, result)
			name = state.Next
		case "Task":
			arguments, ok := e.evalAll(state.Arguments, input, nil).(map[string]any)
			require.True(t, ok, "the arguments of %s are not an object", name)
			c := call{State: name, Resource: state.Resource, Arguments: arguments,
				Credentials: asMap(e.evalAll(state.Credentials, input, nil))}
			e.calls = append(e.calls, c)
			result := normalize(service(c))
			if answer, _ := result.(map[string]any); answer[failWith] != nil {
				// Retriers only repeat the call: the fake fails every attempt.
				catcher := catching(state.Catch, answer[failWith].(string))
				if catcher == nil {
					return "Fail", nil
				}
				errorOutput := map[string]any{"Error": answer[failWith], "Cause": "fake"}
				e.errorOutput = errorOutput
				e.assign(catcher.Assign, input, nil)
				input = e.output(catcher.Output, input, nil)
				e.errorOutput = nil
				name = catcher.Next
				continue
			}
			e.assign(state.Assign, input, result)
			input = e.output(state.Output, input, result)
			name = state.Next
		default:
			t.Fatalf("state type %s is not interpreted", state.Type)
		}
	}
	t.Fatal("the execution did not end")
	return "", nil
}

// runMap runs an Inline Map state's iterations one after the other. Each
// iteration's input is its item (no ItemSelector), it reads the variables
// of the enclosing workflow and its own assignments stay in it; the Map's
// result is the array of the iterations' outputs, and a failed iteration
// fails the Map
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html,
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
func (e *execution) runMap(state State, input any, service fakeService) ([]any, bool) {
	t := e.t
	t.Helper()
	require.NotNil(t, state.ItemProcessor, "a Map state needs an ItemProcessor")
	require.Equal(t, "INLINE", state.ItemProcessor.ProcessorConfig["Mode"])
	items, ok := e.eval(state.Items, input, nil).([]any)
	require.True(t, ok, "the Items of a Map state must be an array")
	outer := e.vars
	defer func() { e.vars = outer }()
	results := []any{}
	for _, item := range items {
		e.vars = map[string]any{}
		for k, v := range outer {
			e.vars[k] = v
		}
		end, out := e.runStates(state.ItemProcessor.States, state.ItemProcessor.StartAt, item, service)
		if end != "Succeed" {
			return nil, true
		}
		results = append(results, out)
	}
	return results, false
}

// asMap is v as a map, nil when empty.
func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	if len(m) == 0 {
		return nil
	}
	return m
}

func (e *execution) assign(assign map[string]any, input, result any) {
	// All assignments of a state see the variables as they were before it.
	values := map[string]any{}
	for k, v := range assign {
		values[k] = e.evalAll(v, input, result)
	}
	for k, v := range values {
		e.vars[k] = v
	}
}

func (e *execution) output(out *string, input, result any) any {
	if out == nil {
		if result != nil {
			return result
		}
		return input
	}
	return e.evalAll(*out, input, result)
}

// evalAll evaluates every "{% … %}" string inside v.
func (e *execution) evalAll(v, input, result any) any {
	switch v := v.(type) {
	case string:
		if strings.HasPrefix(v, "{%") && strings.HasSuffix(v, "%}") {
			return e.eval(v, input, result)
		}
		return v
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = e.evalAll(x, input, result)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = e.evalAll(x, input, result)
		}
		return out
	}
	return v
}

func (e *execution) eval(expression string, input, result any) any {
	e.t.Helper()
	source := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(expression, "{%"), "%}"))
	expr, err := jsonata.Compile(source)
	require.NoError(e.t, err, source)
	states := map[string]any{"input": input, "result": result, "context": e.context}
	if e.errorOutput != nil {
		states["errorOutput"] = e.errorOutput
	}
	vars := map[string]any{"states": states}
	for k, v := range e.vars {
		vars[k] = v
	}
	require.NoError(e.t, expr.RegisterVars(vars))
	value, err := expr.Eval(nil)
	if err != nil && !strings.Contains(err.Error(), "no results") {
		require.NoError(e.t, err, source)
	}
	return normalize(value)
}

// normalize turns any value into plain JSON values (maps, slices, float64).
func normalize(v any) any {
	if v == nil {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("%v: %v", v, err))
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		panic(err)
	}
	return out
}
