// The policy is pure and shared with the client (which asks it what to offer): it lives in src/lib/shared.
// Server code keeps importing it from here.
export * from '../../src/lib/shared/policy.ts';
