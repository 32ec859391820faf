// autocannon ships no types; the benches use a small part of its API.
declare module 'autocannon' {
  const autocannon: (options: Record<string, unknown>) => Promise<any>;
  export default autocannon;
}
