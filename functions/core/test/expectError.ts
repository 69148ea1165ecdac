import { expect } from "vitest";

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** Runs `act`, asserts that it throws an `ErrorClass` and returns the error for more checks. */
export function thrownBy<E extends Error>(errorClass: ErrorClass<E>, act: () => unknown): E {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(errorClass);
    return error as E;
  }
  throw new Error(`expected a ${errorClass.name}, but nothing was thrown`);
}

/** Awaits `promise`, asserts that it rejects with an `ErrorClass` and returns the error. */
export async function rejectionOf<E extends Error>(
  errorClass: ErrorClass<E>,
  promise: Promise<unknown>,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(errorClass);
    return error as E;
  }
  throw new Error(`expected a rejection with a ${errorClass.name}, but it resolved`);
}
