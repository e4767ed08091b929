package org.sacredcouncil.edge.number;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The bundle's stand-ins for Long.parseLong / Integer.parseInt agree with the JDK on every form the council reads. */
class WholeNumbersTest {

    private static final String[] ACCEPTED = {
        "0",
        "-0",
        "+0",
        "7",
        "42",
        "-42",
        "+42",
        "000123",
        "10000",
        "3600000",
        "2147483647",
        "-2147483648",
        "2147483648",
        "-2147483649",
        "9007199254740993",
        "9223372036854775807",
        "-9223372036854775808",
        "-9223372036854775807",
        "922337203685477580"
    };

    private static final String[] REFUSED = {
        "",
        "-",
        "+",
        "--1",
        "+-1",
        "1-",
        " 1",
        "1 ",
        "1.0",
        "1e3",
        "0x10",
        "abc",
        "12a",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999",
        "1_000",
        "١٢"
    };

    @Test
    void longsAsTheJdkReadsThem() {
        for (String text : ACCEPTED) {
            assertEquals(Long.parseLong(text), WholeNumbers.parseLong(text), text);
        }
        for (String text : REFUSED) {
            if (!text.equals("١٢")) { // the JDK reads other scripts' digits; the bundle's class library never did
                assertThrows(NumberFormatException.class, () -> Long.parseLong(text), text);
            }
            assertThrows(NumberFormatException.class, () -> WholeNumbers.parseLong(text), text);
        }
    }

    @Test
    void intsAsTheJdkReadsThem() {
        for (String text : ACCEPTED) {
            long value = Long.parseLong(text);
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                assertEquals(Integer.parseInt(text), WholeNumbers.parseInt(text), text);
            } else {
                assertThrows(NumberFormatException.class, () -> Integer.parseInt(text), text);
                assertThrows(NumberFormatException.class, () -> WholeNumbers.parseInt(text), text);
            }
        }
        for (String text : REFUSED) {
            assertThrows(NumberFormatException.class, () -> WholeNumbers.parseInt(text), text);
        }
    }
}
