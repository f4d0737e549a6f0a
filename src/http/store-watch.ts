// The store as the app sees it, telling the outage episode (episode-log.ts) when a call succeeds: that is when an
// outage is over. A Proxy rather than a wrapper class, so that every method of the port, present and future, is
// watched; each is called on the store itself (the stores keep private fields, which a Proxy receiver cannot read).
import type { CustomerStore } from '../directory/customer-store.ts';
import type { Episode } from './episode-log.ts';

export function watchStore(store: CustomerStore, outage: Episode): CustomerStore {
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise && outage.active)
          result.then(
            () => outage.over(),
            () => {},
          );
        return result;
      };
    },
  });
}
