package greencover.store.memory;

import greencover.store.Store;
import greencover.store.StoreContractTest;
import java.nio.file.Path;

/** The store contract on the in-memory catalog. */
class MemoryStoreContractTest extends StoreContractTest {
    @Override
    protected Store open(Path dir) { return MemoryStore.open(dir); }
}
