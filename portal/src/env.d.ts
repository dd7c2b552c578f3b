/// <reference types="astro/client" />

type LivePageLocals = import('./lib/live/locals.ts').LivePageLocals;

declare namespace App {
  /** Set by the API server for the pages it renders on request (lib/live/locals.ts). */
  interface Locals extends LivePageLocals {}
}
