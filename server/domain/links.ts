// Links sent to people. The public origin is known only once the server listens when PORT is 0 and
// PUBLIC_URL is unset (tests), hence a getter rather than a string.
export class Links {
  constructor(private origin: () => string) {}
  base(): string {
    return this.origin();
  }
  invite(token: string): string {
    return `${this.origin()}/invite/${token}`;
  }
  reset(token: string): string {
    return `${this.origin()}/reset/${token}`;
  }
}
